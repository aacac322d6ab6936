"""Targets imported from the district's exports (server/imports/targets.py): the files of tests/data with known good
and bad rows, through the admin route and the server command; preview, import, re-import, changes reported."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.models import Target
from server.__main__ import main
from server.api.app import create_app
from server.core.config import Settings
from tests.data import make_import_files as files
from tests.server.world import World

DATA = Path(__file__).resolve().parents[1] / "data"
XLSX = DATA / "targets_import.xlsx"
CSV = DATA / "targets_import.csv"
GB18030 = DATA / "targets_import_gb18030.csv"
GOOD = {files.SALON, files.HOTEL, files.POOL, files.PILOT}


def _post(world: World, path: Path | bytes, *, user: str = "admin", dry_run: bool = False):
    body = path if isinstance(path, bytes) else path.read_bytes()
    return world.client.post(
        "/api/imports/targets",
        params={"dry_run": str(dry_run).lower()},
        content=body,
        headers={**world[user].headers, "Content-Type": "application/octet-stream"},
    )


def _targets(world: World, user: str = "zhang") -> dict[str, dict]:
    records, _ = world[user].pull_all()
    return {c["data"]["credit_code"]: c for (entity, _id), c in records.items() if entity == "targets"}


def test_the_preview_lists_every_refused_row_with_its_reasons_and_writes_nothing(world: World) -> None:
    before = _targets(world)
    response = _post(world, XLSX, dry_run=True)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["dry_run"] is True
    assert (report["rows"], report["created_count"], report["updated_count"], report["refused_count"]) == (10, 4, 0, 6)
    assert {r["row"]: r["reasons"] for r in report["refused"]} == files.EXPECTED_REFUSED
    by_row = {r["row"]: r for r in report["refused"]}
    assert "应为" in by_row[6]["messages"][0] and "expected" in by_row[6]["messages"][0]  # the check digit it wants
    assert "徐家汇街道" in by_row[7]["messages"][0]
    assert "第 3 行" in by_row[8]["messages"][0]  # the duplicate names the row it repeats
    assert {c["key"] for c in report["created"]} == GOOD
    assert report["ignored_columns"] == ["序号", "备注"]
    assert _targets(world) == before


def test_an_import_creates_the_good_rows_and_a_second_run_changes_nothing(world: World) -> None:
    report = _post(world, XLSX).json()
    assert (report["dry_run"], report["created_count"], report["refused_count"]) == (False, 4, 6)
    targets = _targets(world)
    assert set(targets) >= GOOD
    hotel = targets[files.HOTEL]["data"]
    assert (hotel["street"], hotel["industry"], hotel["district"]) == ("江苏路街道", "hotel", "310105")
    assert hotel["licences"] == [  # records of kind, number and expiry (issue 15)
        {"kind": "公共场所卫生许可证", "number": "沪长卫公(2023)第0202号", "expires_on": "2027-06-30"},
        {"kind": "食品经营许可证", "number": "JY23101050001", "expires_on": "2026-12-31"},
    ]
    assert targets[files.POOL]["data"]["street"] == "天山路街道"  # "长宁区天山路街道" as the district's street
    assert targets[files.PILOT]["data"]["credit_code_override"] == "2015年试点赋码，经核实有效"
    versions = {code: targets[code]["version"] for code in GOOD}

    again = _post(world, XLSX).json()  # the same file again: nothing new, nothing changed
    assert (again["created_count"], again["updated_count"], again["unchanged_count"]) == (0, 0, 4)
    assert {r["row"]: r["reasons"] for r in again["refused"]} == files.EXPECTED_REFUSED
    same_as_csv = _post(world, CSV).json()  # the CSV of the same rows matches them all
    assert (same_as_csv["created_count"], same_as_csv["updated_count"], same_as_csv["unchanged_count"]) == (0, 0, 4)
    assert {code: c["version"] for code, c in _targets(world).items() if code in GOOD} == versions


def test_a_changed_row_updates_the_target_by_credit_code_keeps_the_rest_and_says_what_changed(world: World) -> None:
    _post(world, XLSX)
    salon = _targets(world)[files.SALON]
    graded = Target.model_validate({**salon["data"], "grade": "C"})  # the server's grading sets grades
    world.insert_directly(graded)
    salon = _targets(world)[files.SALON]
    text = CSV.read_text(encoding="utf-8-sig").replace("长宁路100号", "长宁路102号").replace("2028-03-01", "2030-03-01")
    report = _post(world, text.encode("utf-8")).json()
    assert (report["created_count"], report["updated_count"], report["unchanged_count"]) == (0, 1, 3)
    [changed] = report["updated"]
    assert (changed["key"], changed["record_id"]) == (files.SALON, salon["id"])
    assert {c["field"]: (c["old"], c["new"]) for c in changed["changes"]} == {
        "address": ("长宁路100号", "长宁路102号"),
        "licences": (
            [{"kind": "公共场所卫生许可证", "number": "沪长卫公(2024)第0101号", "expires_on": "2028-03-01"}],
            [{"kind": "公共场所卫生许可证", "number": "沪长卫公(2024)第0101号", "expires_on": "2030-03-01"}],
        ),
    }
    after = _targets(world)[files.SALON]
    assert (after["id"], after["data"]["address"], after["data"]["grade"]) == (salon["id"], "长宁路102号", "C")
    assert after["version"] > salon["version"]


def test_another_export_in_gb18030_with_other_column_names(world: World) -> None:
    report = _post(world, GB18030).json()
    assert (report["created_count"], report["refused_count"]) == (3, 0), report
    targets = _targets(world)
    assert {targets[row[1]]["data"]["street"] for row in files.GB_ROWS} == {"程家桥街道", "北新泾街道", "新泾镇"}
    assert {targets[row[1]]["data"]["industry"] for row in files.GB_ROWS} == {"dental", "tcm_clinic", "water_vending"}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "empty_file"),
        (b"PK\x03\x04 not really a workbook", "unreadable_file"),
        ("企业名称,地址\n上海某店,长宁路1号\n".encode(), "missing_columns"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole(world: World, body: bytes, code: str) -> None:
    before = _targets(world)
    response = _post(world, body)
    assert (response.status_code, response.json()["code"]) == (422, code), response.text
    assert _targets(world) == before


@pytest.mark.parametrize("user", ["zhang", "lead"])
def test_only_an_admin_imports(world: World, user: str) -> None:
    response = _post(world, GB18030, user=user, dry_run=True)
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_the_server_command_previews_then_imports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-targets", str(XLSX), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run" in out and "新增 created 4" in out and "拒绝 refused 6" in out
    assert "第 7 行" in out and "徐家汇街道" in out
    assert main(["import-targets", str(XLSX)]) == 0
    assert "新增 created 4" in capsys.readouterr().out
    assert main(["import-targets", str(XLSX)]) == 0
    assert "新增 created 0, 更新 updated 0, 未变 unchanged 4" in capsys.readouterr().out
    assert main(["import-targets", str(DATA / "make_import_files.py")]) == 2  # not a table of targets
    assert "缺少必需的列" in capsys.readouterr().err


def test_an_export_may_exceed_the_request_cap_up_to_the_imports_own(settings: Settings) -> None:
    with TestClient(create_app(replace(settings, max_request_bytes=2_000))) as client:
        world = World.build(client)
        assert XLSX.stat().st_size > 2_000
        assert _post(world, XLSX, dry_run=True).status_code == 200  # the imports' own cap (64 MB)
        other = client.post("/api/sync/push", content=b"x" * 3_000, headers=world["admin"].headers)
        assert (other.status_code, other.json()["code"]) == (413, "request_too_large")
