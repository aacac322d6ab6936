"""On site: opening a target with 500 past inspections (画像) and a checklist of 200 items, each to first paint;
then answering all 200 items, one keystroke each.

Each paint is measured from the request to the first paint event of the widget shown (offscreen Qt; the read on the
runner's database worker included), beside the raw limit: the plain SQL query of the same rows in the same run.
Answering: the UI thread's time inside the key handler, summed, and the time until every answer is committed.
Run: `.venv/bin/python bench/bench_onsite.py`. Prints best-of-N for the paints.

Figures of 2026-11-28, 2 shared cores (loaded: other runs at the same time), before the runner (commit 0426a7d: the
window wrote each answer on the UI thread) and after, run back to back:
    inspection window to first paint     before 128–143 ms   after 142–182 ms   (quiet, before: 73 ms)
    UI thread in the key handler, 200×   before 2515–2531 ms after 92–177 ms    (quiet, before: 861 ms)
    until all 200 answers are committed  before 5161–5636 ms after 3351–3722 ms (quiet, before: 1751 ms)
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.models import (
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionStatus,
    Inspector,
    ItemResult,
    Plan,
    ResultValue,
    Target,
    Task,
)
from app.rules.codes import generate_key, issue
from app.rules.credit_code import make as make_credit_code
from app.store import Store
from app.store.db import USER_INSPECTOR_ID
from app.ui.application import create_application
from app.ui.onsite.inspection_window import InspectionWindow, open_window
from app.ui.qt import QApplication, QEvent, QObject, QWidget
from app.ui.runner import Runner
from app.ui.target_profile import TargetProfileView

REPEATS = 5
PAST_INSPECTIONS = 500
RESULTS_EACH = 12
ITEMS = 200
TEAM = "医疗机构科"
RAW_RESULTS = "SELECT * FROM item_results WHERE inspection_id IN (SELECT id FROM inspections WHERE target_id = ?)"


class _FirstPaint(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def to_first_paint(make: Callable[[], tuple[QWidget, QWidget]]) -> float:
    """Seconds from calling `make` (which returns the window to show and the widget whose paint counts) to that
    widget's first paint event."""
    app = QApplication.instance()
    start = time.perf_counter()
    window, painted_widget = make()
    watcher = _FirstPaint()
    painted_widget.installEventFilter(watcher)
    window.show()
    while not watcher.painted:
        app.processEvents()
    elapsed = time.perf_counter() - start
    window.close()
    app.processEvents()
    return elapsed


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def build(store: Store) -> tuple[Target, str]:
    """A target with PAST_INSPECTIONS completed inspections and a valid code over a 200-item checklist."""
    rng = random.Random(7)
    private, public, key_id = generate_key()
    store.set_signing_keys({key_id: public})
    store.set_meta(USER_INSPECTOR_ID, "me")
    target = Target(
        credit_code=make_credit_code("91310105MA1000001"),
        name="上海天山口腔门诊部",
        industry="dental",
        street="天山路街道",
        address="长宁区天山路100号",
    )
    people = [
        Inspector(id="me", name="张伟", username="zhang.wei", certificate_no="31010520001", team=TEAM),
        Inspector(id="li", name="李娜", username="li.na", certificate_no="31010520002", team=TEAM),
    ]
    checklists = [Checklist(code=f"B{n}", name=f"基准检查表{n}", industry="dental") for n in (1, 2)]
    items = [
        ChecklistItem(
            checklist_id=checklists[n % 2].id,
            code=f"B{n % 2 + 1}-{n:03d}",
            title=f"第{n}项：诊疗器械清洗、消毒、灭菌符合规范，记录完整可追溯",
            legal_basis="《医疗机构管理条例》第二十五条；《消毒管理办法》第四条",
            industry="dental",
            position=n,
        )
        for n in range(ITEMS)
    ]
    plan = Plan(
        plan_no="基准计划",
        name="基准",
        category="district_random",
        year=2026,
        team=TEAM,
        status="registered",
        checklist_ids=[c.id for c in checklists],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    task = Task(plan_id=plan.id, target_id=target.id, category="district_random", team=TEAM, inspector_ids=["me", "li"])
    start = datetime(2020, 1, 1, 2, tzinfo=UTC)
    past, results = [], []
    for n in range(PAST_INSPECTIONS):
        inspection = Inspection(
            code_id=f"past-{n}",
            target_id=target.id,
            task_ids=[task.id],
            inspector_ids=["me", "li"],
            status=InspectionStatus.COMPLETED,
            started_at=start + timedelta(days=3 * n),
            findings="发现诊室消毒记录不全" if n % 3 == 0 else "",
        )
        past.append(inspection)
        for item in rng.sample(items, RESULTS_EACH):
            failing = rng.random() < 0.1
            results.append(
                ItemResult(
                    inspection_id=inspection.id,
                    code_id=inspection.code_id,
                    item_id=item.id,
                    result=ResultValue.NON_COMPLIANT if failing else ResultValue.COMPLIANT,
                    note="未见灭菌记录" if failing else "",
                )
            )
    now = datetime.now(UTC)
    code = issue(
        target_id=target.id,
        target_credit_code=target.credit_code,
        task_ids=[task.id],
        inspector_ids=["me", "li"],
        checklist_item_ids=[i.id for i in items],
        valid_from=now - timedelta(hours=1),
        valid_until=now + timedelta(hours=8),
        issuer="长宁区卫生健康委员会",
        private_key=private,
    )
    store.save_many([target, *people, *checklists, *items, plan, task, *past, *results, code], synced=True)
    return target, code.id


def open_through(runner: Runner, code_id: str) -> InspectionWindow:
    """The inspection window as Today opens it: read on the runner's worker, then built on the UI thread."""
    app = QApplication.instance()
    opened: list[InspectionWindow] = []
    open_window(runner, code_id, opened.append)
    while not opened:
        app.processEvents()
    return opened[0]


def window_to_first_paint(runner: Runner, code_id: str) -> float:
    """Seconds from asking for the window to the first paint of its checklist (the read on the worker included)."""
    app = QApplication.instance()
    start = time.perf_counter()
    window = open_through(runner, code_id)
    watcher = _FirstPaint()
    window.view.viewport().installEventFilter(watcher)
    window.show()
    while not watcher.painted:
        app.processEvents()
    elapsed = time.perf_counter() - start
    window.close()
    while not runner.idle:
        app.processEvents()
    return elapsed


def answer_all(runner: Runner, code_id: str) -> tuple[float, float]:
    """Seconds the UI thread spends in the answer handler for every item, and seconds until all are committed."""
    app = QApplication.instance()
    window = open_through(runner, code_id)
    window.show()
    app.processEvents()
    items = list(window.model.items)
    busy = 0.0
    start = time.perf_counter()
    for item in items:
        window.view.go_to_item(item.id)
        began = time.perf_counter()
        window.answer(item.id, ResultValue.COMPLIANT)
        busy += time.perf_counter() - began
        app.processEvents()
    while not runner.idle:
        app.processEvents()
    committed = time.perf_counter() - start
    window.close()
    app.processEvents()
    return busy, committed


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication: no screen needed
    create_application([])
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "store.sqlite3") as store:
        target, code_id = build(store)
        raw = sqlite3.connect(store.path)  # the raw limit: plain SQL on a connection of its own, beside the store
        raw_profile = best(
            lambda: (
                raw.execute("SELECT * FROM inspections WHERE target_id = ?", [target.id]).fetchall(),
                raw.execute(RAW_RESULTS, [target.id]).fetchall(),
            )
        )
        profile_query = best(lambda: store.target_profile(target.id))

        runner = Runner(store.path)

        def profile() -> tuple[QWidget, QWidget]:
            view = TargetProfileView(runner)
            view.resize(900, 1000)
            view.show_target(target.id)
            while view.loading:  # read on the runner's worker: the pane is shown with it
                QApplication.instance().processEvents()
            return view, view.history_body

        profile_paint = min(to_first_paint(profile) for _ in range(REPEATS))

        raw_items = best(
            lambda: raw.execute(
                "SELECT * FROM checklist_items WHERE checklist_id IN (SELECT id FROM checklists) ORDER BY position"
            ).fetchall()
        )

        results = raw.execute("SELECT count(*) FROM item_results").fetchone()[0]
        checklist_paint = min(window_to_first_paint(runner, code_id) for _ in range(REPEATS))
        ui_blocked, answered = answer_all(runner, code_id)
        runner.close()
        print(f"profile: {PAST_INSPECTIONS} past inspections, {results} results")
        print(f"  raw SQL of the same rows        {raw_profile * 1000:8.1f} ms")
        print(f"  store.target_profile()           {profile_query * 1000:8.1f} ms")
        print(f"  profile pane to first paint      {profile_paint * 1000:8.1f} ms")
        print(f"checklist: {ITEMS} items in 2 checklists")
        print(f"  raw SQL of the items             {raw_items * 1000:8.1f} ms")
        print(f"  inspection window to first paint {checklist_paint * 1000:8.1f} ms")
        print(f"answering all {ITEMS} items, one keystroke each")
        print(f"  UI thread busy in the key handler {ui_blocked * 1000:8.1f} ms")
        print(f"  until every answer is committed   {answered * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
