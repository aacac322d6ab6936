"""On site: opening a target with 500 past inspections (画像) and a checklist of 200 items, each to first paint.

Each is measured from nothing to the first paint event of the widget shown (offscreen Qt), beside the raw limit: the
plain SQL query of the same rows in the same run. Run: `.venv/bin/python bench/bench_onsite.py`. Prints best-of-N.
"""

from __future__ import annotations

import os
import random
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
from app.ui.onsite.inspection_window import InspectionWindow
from app.ui.qt import QApplication, QEvent, QObject, QWidget
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


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before the QApplication: no screen needed
    create_application([])
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "store.sqlite3") as store:
        target, code_id = build(store)
        raw_profile = best(
            lambda: (
                store.db.execute("SELECT * FROM inspections WHERE target_id = ?", [target.id]).fetchall(),
                store.db.execute(RAW_RESULTS, [target.id]).fetchall(),
            )
        )
        profile_query = best(lambda: store.target_profile(target.id))

        def profile() -> tuple[QWidget, QWidget]:
            view = TargetProfileView(store)
            view.resize(900, 1000)
            view.show_target(target.id)
            return view, view.history_body

        profile_paint = min(to_first_paint(profile) for _ in range(REPEATS))

        raw_items = best(
            lambda: store.db.execute(
                "SELECT * FROM checklist_items WHERE checklist_id IN (SELECT id FROM checklists) ORDER BY position"
            ).fetchall()
        )

        def checklist() -> tuple[QWidget, QWidget]:
            window = InspectionWindow(store, code_id)
            return window, window.view.viewport()

        checklist_paint = min(to_first_paint(checklist) for _ in range(REPEATS))
        results = store.db.execute("SELECT count(*) FROM item_results").fetchone()[0]
        print(f"profile: {PAST_INSPECTIONS} past inspections, {results} results")
        print(f"  raw SQL of the same rows        {raw_profile * 1000:8.1f} ms")
        print(f"  store.target_profile()           {profile_query * 1000:8.1f} ms")
        print(f"  profile pane to first paint      {profile_paint * 1000:8.1f} ms")
        print(f"checklist: {ITEMS} items in 2 checklists")
        print(f"  raw SQL of the items             {raw_items * 1000:8.1f} ms")
        print(f"  inspection window to first paint {checklist_paint * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
