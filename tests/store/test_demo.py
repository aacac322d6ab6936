"""The demo data: deterministic for a seed and day, valid, Changning-shaped, and loadable into a store."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import demo
from app.models import Industry, Target
from app.rules import credit_code as cc
from app.store import Store
from demo.__main__ import main as demo_main

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def data() -> demo.DemoData:
    return demo.generate(400, seed=7, today=TODAY)


def _dump(data: demo.DemoData) -> list[dict]:
    return [r.model_dump(mode="json") for r in data.all_records()]


def test_the_same_seed_gives_the_same_records_and_another_seed_does_not(data: demo.DemoData) -> None:
    assert _dump(demo.generate(400, seed=7, today=TODAY)) == _dump(data)
    assert _dump(demo.generate(400, seed=8, today=TODAY)) != _dump(data)


def test_targets_are_in_changning_with_valid_unique_credit_codes(data: demo.DemoData) -> None:
    codes = [t.credit_code for t in data.targets]
    assert len(data.targets) == 400 and len(set(codes)) == 400
    assert all(cc.is_valid(c) and cc.organisation_code_consistent(c) and c[2:8] == "310105" for c in codes)
    assert {c[:2] for c in codes} == {"91", "12", "52"}
    assert {t.street for t in data.targets} == set(demo.STREETS)
    assert all(t.address.startswith("长宁区") and t.address.endswith("号") for t in data.targets)
    assert {t.grade for t in data.targets} == {"A", "B", "C", "D"}
    assert any(t.do_not_disturb for t in data.targets)
    assert all(t.licences for t in data.targets)


def test_names_follow_the_industry(data: demo.DemoData) -> None:
    words = {Industry.DENTAL: "口腔", Industry.HOTEL: ("宾馆", "酒店", "旅馆"), Industry.BEAUTY_SALON: "美"}
    for target in data.targets:
        if target.industry in words:
            expected = words[Industry(target.industry)]
            assert any(w in target.name for w in (expected if isinstance(expected, tuple) else (expected,)))


def test_people_teams_plans_and_tasks_hang_together(data: demo.DemoData) -> None:
    teams = Counter(p.team for p in data.inspectors if p.role == "inspector")
    assert set(teams) == set(demo.TEAMS) and min(teams.values()) >= 2
    usernames = {p.username for p in data.inspectors}
    assert {"admin", "zhang.wei", "lead.public", "lead.medical", "lead.water", "lead.infection"} <= usernames
    assert all(p.certificate_no for p in data.inspectors if p.role != "admin")
    assert all(p.status == "registered" for p in data.plans)
    assert {p.year for p in data.plans} == {2025, 2026}
    plans = {p.id: p for p in data.plans}
    targets = {t.id: t for t in data.targets}
    for task in data.tasks:
        assert task.team == plans[task.plan_id].team and task.target_id in targets
        if targets[task.target_id].do_not_disturb and plans[task.plan_id].year == 2026:
            assert task.category == "complaint"
    upcoming = [t for t in data.tasks if t.inspector_ids and t.status == "planned"]
    assert upcoming and all(TODAY <= t.scheduled_on <= date(2026, 4, 13) for t in upcoming)
    assert any(t.status == "closed" and t.close_reason for t in data.tasks)


def test_past_inspections_have_results_and_findings(data: demo.DemoData) -> None:
    by_inspection = Counter(r.inspection_id for r in data.item_results)
    assert data.inspections and all(by_inspection[i.id] >= 3 for i in data.inspections)
    bad = [r for r in data.item_results if r.result == "non_compliant"]
    assert bad and all(r.note for r in bad)
    flagged = {r.inspection_id for r in bad}
    assert all(i.findings.startswith("发现") == (i.id in flagged) for i in data.inspections)


def test_the_cli_fills_a_store_as_synced_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite3"
    assert demo_main(["store", "--targets", "50", "--store", str(path)]) == 0
    out = capsys.readouterr().out
    assert "targets: 50" in out and str(path) in out
    with Store.open(path) as store:
        assert len(store.target_ids()) == 50 and store.outbox() == []
        assert {store.sync_state(Target, i) for i in store.target_ids()} == {"sent"}
    assert demo.DEMO_PASSWORD == "demo-2025"


def test_the_cli_writes_the_users_default_store(tmp_path: Path) -> None:
    assert demo_main(["store", "--targets", "5", "--user", "wang.fang"]) == 0
    assert (tmp_path / "data" / "client" / "wang.fang" / "store.sqlite3").exists()


def test_no_targets_is_refused_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        demo_main(["store", "--targets", "0"])
    assert exit_info.value.code == 2 and "--targets must be at least 1" in capsys.readouterr().err
