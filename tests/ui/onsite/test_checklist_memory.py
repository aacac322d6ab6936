"""The checklist shows what it remembers: a first heading for the target's past failures and open correction orders,
each such item marked, last time's note in the note column until one is written now, and both in the tooltip."""

from __future__ import annotations

from datetime import date

from app.models import ChecklistItem
from app.onsite.inspection import Section
from app.onsite.remembered import Remembered, remembered_first
from app.ui.onsite.checklist_view import CODE, NOTE, TITLE, ChecklistModel
from app.ui.qt import Qt


def _items() -> list[ChecklistItem]:
    return [
        ChecklistItem(checklist_id="c", code=f"X-{n}", title=f"事项{n}", legal_basis="依据", industry="hotel")
        for n in range(1, 5)
    ]


def test_remembered_items_are_first_marked_and_show_last_time_s_note(app) -> None:
    items = _items()
    memory = {
        items[2].id: Remembered(items[2].id, date(2026, 5, 20), "布草未分类存放"),
        items[3].id: Remembered(items[3].id, order_deadline=date(2026, 12, 20)),
    }
    model = ChecklistModel(remembered_first([Section(None, tuple(items))], memory), memory=memory)
    texts = [model.data(model.index(r, CODE)) for r in range(model.rowCount())]
    assert texts[0] == "既往问题与未复查的责令改正（2）"
    assert texts[1:3] == ["X-4", "X-3"]  # the open order first
    assert model.data(model.index(1, TITLE)) == "【责令改正 2026-12-20】 事项4"
    assert model.data(model.index(2, TITLE)) == "【上次不符合】 事项3"
    assert model.data(model.index(2, NOTE)) == "上次：布草未分类存放"
    tip = model.data(model.index(2, TITLE), Qt.ItemDataRole.ToolTipRole)
    assert "2026-05-20 检查不符合：布草未分类存放" in tip
    model.set_answer(items[2].id, "non_compliant", "仍未分类")
    assert model.data(model.index(2, NOTE)) == "仍未分类"  # what is written now replaces last time's note
    plain_row = 4  # after the second heading
    assert model.data(model.index(plain_row, TITLE)) == "事项1"
    assert model.data(model.index(plain_row, TITLE), Qt.ItemDataRole.BackgroundRole) is None
