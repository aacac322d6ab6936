"""A real server process with two issued codes, and Debian's chromium driven by Playwright (never downloaded).

The records are written with the server's own functions before the process starts: a hotel and a swimming venue,
a registered plan with a checklist, a task for each assigned to two certified inspectors, a code for each, and a
completed inspection under the first code only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from app.models import Checklist, ChecklistItem, Inspection, InspectionCode, Inspector, Plan, Task
from server.codes import request_code
from server.db.engine import make_engine, make_sessionmaker
from server.db.tables import UserRow
from server.signing import KeyRing
from server.sync.records import RecordCache, write_records
from tests.helpers.devices import new_target
from tests.helpers.live_server import CHANGNING, PUBLIC, LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
NAMES = ("张伟", "李静")  # zhang's and li's names as the page shows them
ITEMS = (
    ("卫生许可证持有并在显著位置公示", "《公共场所卫生管理条例》第八条"),
    ("从业人员持有效健康合格证明上岗", "《公共场所卫生管理条例》第七条"),
    ("顾客用品用具清洗、消毒、保洁并分类存放", "《公共场所卫生管理条例实施细则》第十四条"),
    ("公共场所内禁止吸烟并设置醒目标志", "《公共场所卫生管理条例实施细则》第十八条"),
)


@dataclass
class Site:
    server: LiveServer
    completed: InspectionCode  # its inspection is completed: it may be rated
    pending: InspectionCode  # not inspected yet

    @property
    def url(self) -> str:
        return self.server.url


def _records(inspector_ids: list[str]) -> tuple[list, list[Task]]:
    sheet = Checklist(code="GG-HOTEL", name="宾馆旅馆卫生监督检查表", industry="hotel")
    items = [
        ChecklistItem(checklist_id=sheet.id, code=f"GG-{n}", title=t, legal_basis=b, industry="hotel", position=n)
        for n, (t, b) in enumerate(ITEMS, 1)
    ]
    plan = Plan(
        plan_no="长卫监〔2025〕区抽1号",
        name="2025年公共场所区级双随机抽查",
        category="district_random",
        year=date.today().year,
        team=PUBLIC,
        status="registered",
        checklist_ids=[sheet.id],
        period_start=date(date.today().year, 1, 1),
        period_end=date(date.today().year, 12, 31),
    )
    targets = [new_target("上海长宁华阳宾馆有限公司"), new_target("长宁区游泳馆")]
    tasks = [
        Task(
            plan_id=plan.id,
            target_id=t.id,
            category="district_random",
            team=PUBLIC,
            district=CHANGNING,
            inspector_ids=inspector_ids,
            scheduled_on=date.today(),
        )
        for t in targets
    ]
    return [sheet, *items, plan, *targets, *tasks], tasks


def seed(server: LiveServer) -> tuple[InspectionCode, InspectionCode]:
    """Write the records and issue the two codes with the server's own key; returns (completed, pending)."""
    engine = make_engine(server.database_url or f"sqlite:///{server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            lead = session.get(UserRow, "lead")
            inspector_ids = [session.get(UserRow, u).inspector_id for u in ("zhang", "li")]
            records, tasks = _records(inspector_ids)
            cache = RecordCache(session)
            cache.load(("inspectors", i) for i in inspector_ids)
            for inspector_id, name in zip(inspector_ids, NAMES, strict=True):
                inspector = Inspector.model_validate(cache.get("inspectors", inspector_id).data)
                inspector.name = name
                records.append(inspector)
            write_records(cache, records, username="seed")
            cache.flush()
            keys = KeyRing.load_or_create(server.data_dir / "keys")
            completed, pending = (request_code(session, keys, lead, [t.id]) for t in tasks)
            inspection = Inspection(
                code_id=completed.id,
                target_id=completed.target_id,
                task_ids=completed.task_ids,
                inspector_ids=completed.inspector_ids,
                status="completed",
                completed_at=datetime.now(UTC),
            )
            cache = RecordCache(session)
            write_records(cache, [inspection], username="zhang")
            cache.flush()
            session.commit()
    finally:
        engine.dispose()
    return completed, pending


@contextmanager
def running_site(folder: Path) -> Iterator[Site]:
    server = LiveServer(folder)
    server.seed_users()
    completed, pending = seed(server)
    server.start()
    try:
        yield Site(server, completed, pending)
    finally:
        server.kill()


def chromium_or_skip() -> None:
    if shutil.which(CHROMIUM) is not None:
        return
    reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true requires chromium: {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
