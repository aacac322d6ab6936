"""An import's progress streamed as the server checks the rows (issue 15): with `progress=true` the answer is JSON
lines, the file read, rows checked up to all of them, the records written, then the report; a file refused as a
whole ends with its error; a non-admin is refused before anything is read; without the flag the answer is the
report as before."""

from __future__ import annotations

import json
from typing import Any

from tests.server.world import World

HEADER = "企业名称,统一社会信用代码,地址,街道,行业\n"


def _lines(world: World, body: str, username: str = "admin", **params: str) -> tuple[int, list[dict[str, Any]]]:
    response = world.client.post(
        "/api/imports/targets",
        params={"progress": "true", **params},
        content=body.encode(),
        headers={**world[username].headers, "Content-Type": "application/octet-stream"},
    )
    if response.status_code != 200:
        return response.status_code, [response.json()]
    return 200, [json.loads(line) for line in response.text.splitlines() if line.strip()]


def _rows(count: int) -> str:
    # rows the server checks and refuses (a bad credit code): the progress is the same for good and bad rows
    return HEADER + "".join(f"测试宾馆{n},91310105MA1FL{n:05d},天山路{n}号,天山路街道,宾馆\n" for n in range(count))


def test_the_rows_checked_are_streamed_then_the_report(world: World) -> None:
    status, lines = _lines(world, _rows(1_000), dry_run="true")
    assert status == 200
    steps = [line["progress"] for line in lines[:-1]]
    assert steps[0]["stage"] == "reading"
    checking = [s["done"] for s in steps if s["stage"] == "checking"]
    assert len(checking) >= 100 and checking == sorted(checking) and checking[-1] == 1_000
    assert {s["total"] for s in steps if s["stage"] == "checking"} == {1_000}
    report = lines[-1]["report"]
    assert report["rows"] == 1_000 and report["dry_run"] is True


def test_a_refused_file_ends_with_its_error_and_a_stranger_reads_nothing(world: World) -> None:
    status, lines = _lines(world, "名称,地址\n某店,某路\n")
    assert status == 200 and lines[-1]["error"]["code"] == "missing_columns" and lines[-1]["error"]["status"] == 422
    status, [body] = _lines(world, _rows(3), username="zhang")
    assert (status, body["code"]) == (403, "not_allowed")
    plain = world.client.post(
        "/api/imports/targets",
        params={"dry_run": "true"},
        content=_rows(3).encode(),
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    assert plain.status_code == 200 and plain.json()["rows"] == 3  # without the flag: the report as before


def test_an_import_says_it_writes_before_its_report(world: World) -> None:
    from pathlib import Path

    data = (Path(__file__).resolve().parents[1] / "data" / "targets_import.xlsx").read_bytes()
    response = world.client.post(
        "/api/imports/targets",
        params={"progress": "true"},
        content=data,
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    stages = [line["progress"]["stage"] for line in lines[:-1]]
    assert stages[0] == "reading" and stages[-1] == "writing" and "checking" in stages
    assert lines[-1]["report"]["created_count"] == 4 and lines[-1]["report"]["dry_run"] is False
