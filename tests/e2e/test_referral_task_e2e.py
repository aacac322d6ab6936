"""由来函立项 end to end: the lead's laptop records a letter received about a target, opens a complaint task from it,
and syncs; the live server takes the complaint, the task and the letter by its ordinary rules (nothing parked), and
an inspector of the team pulls the task."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.models import Plan, Task
from app.models.domain import Complaint
from app.planning.referrals import open_task_from_referral, record_referral
from server.db.engine import make_engine, make_sessionmaker
from server.sync.records import RecordCache, write_records
from tests.helpers.devices import enrol, new_target, server_record
from tests.helpers.live_server import PUBLIC, LiveServer

pytestmark = pytest.mark.e2e


def _complaint_plan_and_target(server: LiveServer) -> str:
    """A filed complaint plan of 公共场所科 for this year and a hotel, written with the server's own functions."""
    year = date.today().year
    plan = Plan(
        plan_no=f"长卫监〔{year}〕投诉1号",
        name="投诉举报核查",
        category="complaint",
        year=year,
        team=PUBLIC,
        status="registered",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
    )
    hotel = new_target("上海长宁华阳宾馆有限公司")
    engine = make_engine(server.database_url or f"sqlite:///{server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            cache = RecordCache(session)
            write_records(cache, [plan, hotel], username="seed")
            cache.flush()
            session.commit()
    finally:
        engine.dispose()
    return hotel.id


def test_a_task_opened_from_a_letter_syncs_under_the_server_s_rules(live_server: LiveServer, tmp_path: Path) -> None:
    target_id = _complaint_plan_and_target(live_server)
    lead = enrol(live_server.url, tmp_path / "lead", "lead")
    zhang = enrol(live_server.url, tmp_path / "zhang", "zhang")
    try:
        lead.engine.sync()
        today = date.today()
        letter = record_referral(
            lead.store,
            kind="lead",
            direction="received",
            other_department="长宁区市场监督管理局",
            document_no="长市监移〔2026〕E3号",
            dated_on=today,
            subject="该宾馆涉嫌未取得卫生许可证经营",
            team=PUBLIC,
            target_id=target_id,
        )
        task = open_task_from_referral(lead.store, letter.id, team=PUBLIC, today=today)
        summary = lead.engine.sync()
        assert (summary.rejected, summary.conflicts) == (0, 0) and lead.store.parked_changes() == []
        held = server_record(live_server, "tasks", task.id)
        assert held is not None and (held[1]["category"], held[1]["target_id"]) == ("complaint", target_id)
        [complaint] = lead.store.find(Complaint, task_id=task.id)
        on_server = server_record(live_server, "complaints", complaint.id)
        assert on_server is not None and on_server[1]["source"] == "部门移送"
        assert on_server[1]["summary"].startswith("长宁区市场监督管理局来函（长市监移〔2026〕E3号）")
        zhang.engine.sync()
        assert zhang.store.get(Task, task.id) is not None  # the team's inspectors see the task
    finally:
        lead.close()
        zhang.close()
