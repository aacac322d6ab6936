"""Users imported from the district's staff list (server/imports/users.py): 执法证号 and teams, refused rows with
reasons, new users able to sign in, a re-import that updates by username and never touches a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from server.__main__ import main
from tests.data import make_import_files as files
from tests.server.world import World, login

USERS = Path(__file__).resolve().parents[1] / "data" / "users_import.xlsx"


def _post(world: World, body: bytes, *, dry_run: bool = False):
    return world.client.post(
        "/api/imports/users",
        params={"dry_run": str(dry_run).lower()},
        content=body,
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )


def _inspectors(world: World) -> dict[str, dict]:
    records, _ = world["zhang"].pull_all()
    return {c["data"]["username"]: c["data"] for (entity, _id), c in records.items() if entity == "inspectors"}


def test_users_are_previewed_imported_and_signed_in(world: World) -> None:
    preview = _post(world, USERS.read_bytes(), dry_run=True).json()
    assert (preview["created_count"], preview["refused_count"]) == (3, 5)
    assert {r["row"]: r["reasons"] for r in preview["refused"]} == files.USERS_EXPECTED_REFUSED
    assert "zhou.min" not in _inspectors(world)

    report = _post(world, USERS.read_bytes()).json()
    assert (report["created_count"], report["refused_count"]) == (3, 5)
    assert set(report["initial_passwords"]) == {"wu.gang"}  # the only new user without a password in the file
    inspectors = _inspectors(world)
    assert (inspectors["zhou.min"]["certificate_no"], inspectors["zhou.min"]["team"]) == ("31010500201", "公共场所科")
    assert inspectors["zheng.hua"]["role"] == "team_lead"
    assert login(world.client, "zhou.min", "zhou-pw-2026").user["certificate_no"] == "31010500201"
    assert login(world.client, "wu.gang", report["initial_passwords"]["wu.gang"]).user["team"] == "医疗机构科"

    again = _post(world, USERS.read_bytes()).json()
    assert (again["created_count"], again["updated_count"], again["unchanged_count"]) == (0, 0, 3)
    assert again["initial_passwords"] == {}


def test_a_changed_team_updates_the_user_and_leaves_the_password(world: World, tmp_path: Path) -> None:
    _post(world, USERS.read_bytes())
    book = load_workbook(USERS)
    sheet = book.active
    sheet["D2"] = "医疗机构科"  # zhou.min moves team
    sheet["F2"] = "another-password"
    changed = tmp_path / "users.xlsx"
    book.save(changed)
    report = _post(world, changed.read_bytes()).json()
    assert report["updated_count"] == 1
    [row] = report["updated"]
    assert (row["key"], [(c["field"], c["old"], c["new"]) for c in row["changes"]]) == (
        "zhou.min",
        [("team", "公共场所科", "医疗机构科")],
    )
    assert _inspectors(world)["zhou.min"]["team"] == "医疗机构科"
    assert login(world.client, "zhou.min", "zhou-pw-2026").user["team"] == "医疗机构科"


def test_a_certificate_held_by_an_existing_user_is_refused(world: World) -> None:
    holder = world["zhang"].user
    if not holder.get("certificate_no"):
        pytest.skip("the world's inspectors carry no certificate numbers")
    body = f"姓名,用户名,执法证号,科室\n新人,new.one,{holder['certificate_no']},公共场所科\n".encode()
    report = _post(world, body).json()
    assert [r["reasons"] for r in report["refused"]] == [["duplicate_certificate"]]


def test_the_server_command_imports_users(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-users", str(USERS)]) == 0
    out = capsys.readouterr().out
    assert "新增 created 3" in out and "拒绝 refused 5" in out and "初始密码 initial password wu.gang" in out
