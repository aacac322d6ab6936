"""Screenshots of the day on site on demo data: docs/today.png, docs/profile.png, docs/checklist.png.

Run under a virtual display with the CJK fonts installed:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots_onsite.py
It works in a temporary folder with a fresh demo store and a signing key of its own (as the server's), logged in as
the demo inspector zhang.wei; nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from shots import ROOT, save_png

import demo
from app.models import (
    ChecklistItem,
    Inspection,
    InspectionCode,
    Inspector,
    ResultValue,
    Target,
    Task,
    TaskCategory,
    TaskStatus,
)
from app.models.domain import Complaint, Penalty
from app.onsite import inspection as onsite
from app.onsite.follow_up import issue_correction_order
from app.planning.checklists import task_checklists
from app.rules.codes import generate_key, issue
from app.store import Store
from app.store.db import USER_INSPECTOR_ID
from app.sync.auth import SERVER_URL
from app.ui.application import create_application
from app.ui.onsite.inspection_window import InspectionWindow, open_window
from app.ui.onsite.today_view import TodayView
from app.ui.qt import QApplication, QWidget
from app.ui.runner import Runner
from app.ui.target_profile import TargetProfileView


class _Issuer:
    """Signs codes as the server would, with a key this store trusts."""

    def __init__(self, store: Store) -> None:
        self.key, public, key_id = generate_key()
        store.set_signing_keys({key_id: public})
        self.store = store

    def code(self, tasks: list[Task], *, hours_ago: float = 1, hours: float = 9) -> InspectionCode:
        target = self.store.get(Target, tasks[0].target_id)
        start = datetime.now(UTC) - timedelta(hours=hours_ago)
        code = issue(
            target_id=target.id,
            target_credit_code=target.credit_code,
            task_ids=[t.id for t in tasks],
            inspector_ids=tasks[0].inspector_ids,
            checklist_item_ids=self._items(tasks),
            valid_from=start,
            valid_until=start + timedelta(hours=hours),
            issuer="长宁区卫生健康委员会",
            private_key=self.key,
        )
        self.store.save_many([code], synced=True)
        return code

    def _items(self, tasks: list[Task]) -> list[str]:
        """The items of the tasks' checklists that fit the target, in order, as the server issues them."""
        checklist_ids = list(dict.fromkeys(c.id for t in tasks for c in task_checklists(self.store, t)))
        items = self.store.find(ChecklistItem, checklist_id=checklist_ids)
        items.sort(key=lambda i: (checklist_ids.index(i.checklist_id), i.position, i.code))
        return [i.id for i in items]


def _day(store: Store, me: Inspector) -> tuple[Task, InspectionCode]:
    """My open tasks this week with codes in every state; the first is a visit under way (the checklist shot)."""
    issuer = _Issuer(store)
    today = datetime.now(UTC).date()
    mine = sorted(
        (t for t in store.find(Task, status="planned") if me.id in t.inspector_ids),
        key=lambda t: t.scheduled_on or date.max,
    )
    for offset, task in enumerate(mine):
        store.save_many([task.model_copy(update={"scheduled_on": today + timedelta(days=offset // 2)})], synced=True)
    mine = [store.get(Task, t.id) for t in mine]
    past = Counter(i.target_id for i in store.list(Inspection))
    current = max(mine[:6], key=lambda t: past.get(t.target_id, 0))  # a target with history: a fuller profile
    requested, expired, ready, *_ = [t for t in mine if t.id != current.id]
    partner = current.model_copy(update={"id": f"{current.id}-w", "category": TaskCategory.CAMPAIGN})
    store.save_many([partner], synced=True)  # a second line's task on the same target, merged: one visit
    for task in (current, partner):
        store.save_many([task.model_copy(update={"joint_inspection_id": f"joint-{current.id}"})], synced=True)
    store.save_many([requested.model_copy(update={"status": TaskStatus.CODE_REQUESTED})], synced=True)
    issuer.code([expired], hours_ago=30, hours=8)
    issuer.code([ready])
    code = issuer.code([store.get(Task, current.id), store.get(Task, partner.id)])
    return store.get(Task, current.id), code


def _inspect(store: Store, code: InspectionCode) -> None:
    """Half the checklist answered, two items found non-compliant, a correction order issued."""
    inspection = onsite.start(store, code.id)
    items = [item for section in onsite.checklist(store, code) for item in section.items]
    for n, item in enumerate(items[: len(items) // 2]):
        result = ResultValue.NON_COMPLIANT if n in (2, 5) else ResultValue.COMPLIANT
        onsite.answer(store, inspection, item.id, ResultValue.NOT_APPLICABLE if n == 7 else result)
    onsite.set_note(store, inspection, items[2].id, "消毒登记本缺 11 月 1 日至 20 日的记录")
    onsite.set_findings(store, inspection, "消毒登记记录不全；其余项目现场检查未见异常。")
    deadline = onsite.shanghai_today(store) + timedelta(days=15)
    issue_correction_order(store, inspection, [items[2].id], "补全消毒登记记录，建立专人登记制度", deadline)


def _history(store: Store, target_id: str) -> None:
    store.save_many(
        [
            Complaint(target_id=target_id, received_on=date(2026, 10, 12), summary="顾客反映毛巾未做到一客一换一消毒"),
            Penalty(
                target_id=target_id,
                decision_no="长卫公罚〔2025〕37号",
                decided_on=date(2025, 9, 18),
                summary="未取得卫生许可证擅自营业，警告",
                published_on=date(2025, 9, 24),
                team="公共场所科",
            ),
        ],
        synced=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", type=int, default=600)
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fi-onsite-shots-"))
    app = create_application(sys.argv)
    with Store.open(work / "store.sqlite3") as store:
        store.save_many(demo.generate(targets=args.targets, seed=1).all_records(), synced=True)
        me = store.find(Inspector, username="zhang.wei")[0]
        store.set_meta(USER_INSPECTOR_ID, me.id)
        store.set_meta(SERVER_URL, "https://jiancha.example.gov.cn")
        task, code = _day(store, me)
        _inspect(store, code)
        _history(store, task.target_id)

        runner = Runner(store.path)
        today = TodayView(runner, me.id)
        _shoot(app, today, (1400, 800), lambda: not today.loading, args.docs / "today.png")
        profile = TargetProfileView(runner)
        profile.show_target(task.target_id)
        _shoot(app, profile, (900, 1000), lambda: not profile.loading, args.docs / "profile.png")
        opened: list[InspectionWindow] = []
        open_window(runner, code.id, opened.append)
        while not opened:
            app.processEvents()
        window = opened[0]
        window.finish()  # too early: the missing items are marked and listed
        _shoot(app, window, (1500, 900), lambda: "未检查" in window.message.text(), args.docs / "checklist.png")
        today.shutdown()
        runner.close()
    return 0


def _shoot(app: QApplication, widget: QWidget, size: tuple[int, int], ready: Callable[[], bool], path: Path) -> None:
    widget.resize(*size)
    widget.show()
    while not ready():
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    save_png(widget, path)
    widget.close()


if __name__ == "__main__":
    sys.exit(main())
