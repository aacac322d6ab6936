"""A draw over a pool of 200,000 targets runs off the UI thread: the window keeps answering and shows the stages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import demo
from app.models.domain import Inspector
from app.models.enums import Industry
from app.store import Store
from app.ui.planning.sampling_dialog import STAGES, SamplingDialog
from app.ui.qt import QTimer

TARGETS = 200_000


@pytest.fixture
def big_store(tmp_path: Path) -> Iterator[Store]:
    """200,000 demo targets and one filed plan over every industry, so the whole district is its pool."""
    data = demo.generate(targets=TARGETS, seed=1, today=date(2025, 6, 2))
    with Store.open(tmp_path / "big.sqlite3") as store:
        store.save_many(data.all_records(), synced=True)
        plan = next(p for p in data.plans if p.year == 2025 and p.category == "district_random")
        store.save(plan.model_copy(update={"id": "whole-district", "plan_no": "全区-1", "industries": list(Industry)}))
        yield store


@pytest.mark.long
@pytest.mark.timeout(0)  # runs for many minutes by design
def test_a_200000_target_draw_leaves_the_window_responsive(qtbot, big_store: Store, make_runner) -> None:
    lead = big_store.find(Inspector, username="lead.public")[0]
    dialog = SamplingDialog(make_runner(big_store), lead, "whole-district")
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=60_000)  # the pool is counted on the runner's worker
    assert sum(int(dialog.pool_table.item(r, 1).text()) for r in range(4)) == TARGETS
    ticks: list[int] = []
    stages: list[int] = []
    timer = QTimer(dialog)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    dialog.progress.valueChanged.connect(stages.append)
    timer.start()
    with qtbot.waitSignal(dialog.drawn, timeout=120_000) as drawn:
        dialog.draw_button.click()
    timer.stop()
    result = drawn.args[0]
    assert len(result.draw.pool_ids) == TARGETS and len(result.tasks) == sum(result.draw.quotas.values())
    assert set(stages) >= {1, 2} and max(stages) < STAGES
    assert len(ticks) >= 10, "the UI thread kept running its timers while the draw ran"
