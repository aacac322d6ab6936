"""Grading signals filed by hand (issue 16): an admin of the target's district files a credit repair, bad-practice
points, complaints found true or a licence status, by POST /api/targets/{id}/signals or the `file-signal` command; the
target is re-graded at once and the new grade, with the signal in its explanation, reaches the laptops by pull."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from demo.__main__ import main as demo_main
from server.__main__ import main
from server.core.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.tables import RecordRow
from tests.server.world import CHANGNING, PUBLIC, XUHUI, World


def _file(world: World, username: str, target_id: str, **body: Any) -> Any:
    return world.client.post(f"/api/targets/{target_id}/signals", json=body, headers=world[username].headers)


def _target(world: World) -> dict[str, Any]:
    records, _ = world["zhang"].pull_all()
    return records[("targets", world.targets[CHANGNING].id)]["data"]


def test_an_admin_files_a_signal_and_the_grade_moves(world: World) -> None:
    target_id = world.targets[CHANGNING].id
    first = _file(world, "admin", target_id, name="penalties_minor", value=2, note="信用平台")
    assert first.status_code == 201, first.text
    [change] = first.json()["changes"]
    assert change["after"] == "B" and change["score"] == 100 - 2 - 10
    graded = _target(world)
    assert graded["grade"] == "B"
    line = next(x for x in graded["grade_explanation"] if x["signal"] == "penalties_minor")
    assert (line["value"], line["points"]) == (2, -10)
    second = _file(world, "admin", target_id, name="credit_repairs", value=2, note="信用修复完成")
    assert [c["after"] for c in second.json()["changes"]] == ["A"]  # repairs restore the penalties' points: 98
    assert _file(world, "admin", target_id, name="credit_repairs", value=2).json()["changes"] == []  # nothing moved


@pytest.mark.parametrize("username", ["lead", "zhang"])
def test_only_an_admin_files_signals(world: World, username: str) -> None:
    answer = _file(world, username, world.targets[CHANGNING].id, name="credit_repairs", value=1)
    assert answer.status_code == 403 and answer.json()["code"] == "not_allowed"
    assert _target(world)["grade_score"] is None  # never graded


def test_another_districts_admin_does_not_see_the_target(world: World) -> None:
    world.add_users({"admin2": ("admin", PUBLIC, XUHUI)})
    answer = world.client.post(
        f"/api/targets/{world.targets[CHANGNING].id}/signals",
        json={"name": "credit_repairs", "value": 1},
        headers=world["admin2"].headers,
    )
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_an_unknown_signal_or_value_is_refused_with_a_reason(world: World) -> None:
    target_id = world.targets[CHANGNING].id
    unknown = _file(world, "admin", target_id, name="mood", value=1)
    assert unknown.status_code == 422 and unknown.json()["code"] == "invalid_signal"
    assert "mood" in unknown.json()["message"]
    bad = _file(world, "admin", target_id, name="licence", value="lost")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_signal"
    assert _target(world)["grade_score"] is None


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"name": "credit_repairs", "value": 1, "note": "信用\x00平台"}, "NUL"),
        ({"name": "credit_repairs", "value": 1, "note": "信" * 501}, "500"),
        ({"name": "credit_repairs", "value": -1}, "greater than or equal to 0"),
        ({"name": "licence\x00", "value": "valid"}, "NUL"),
    ],
)
def test_a_nul_or_huge_note_or_a_bad_value_is_refused(world: World, body: dict[str, Any], said: str) -> None:
    answer = _file(world, "admin", world.targets[CHANGNING].id, **body)
    assert answer.status_code == 422 and said in answer.text
    assert _target(world)["grade_score"] is None  # nothing filed, nothing graded


def test_the_file_signal_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo_main(["server", "--targets", "5"]) == 0
    engine = make_engine(Settings.from_env().database_url)
    with make_sessionmaker(engine)() as session:
        data = session.scalars(select(RecordRow.data).where(RecordRow.entity == "targets")).first()
    engine.dispose()
    capsys.readouterr()
    assert main(["file-signal", data["credit_code"], "licence", "expired", "--note", "许可证已过期"]) == 0
    filed = json.loads(capsys.readouterr().out)
    assert filed["target_id"] == data["id"] and filed["value"] == "expired" and filed["changes"]
    assert main(["file-signal", data["id"], "bad_practice_points", "6"]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == 6
    assert main(["file-signal", "no-such-target", "licence", "valid"]) == 2
    assert "no such target" in capsys.readouterr().err
