"""The echo (issue 18): a pull after a push brings back this device's own accepted changes. The server keeps the
records as sent (the time of the save included), so the echoed rows are already here as the server has them and are
not written again, nor announced; a change from another laptop in the same page still is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.models import Target
from app.store import Store
from app.sync.engine import Summary
from tests.helpers.devices import enrol, new_target
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _row(store: Store, record_id: str) -> dict[str, Any]:
    row = store._db.execute("SELECT rowid, * FROM targets WHERE id = ?", [record_id]).fetchone()
    return dict(
        zip([d[0] for d in store._db.execute("SELECT rowid, * FROM targets LIMIT 0").description], row, strict=True)
    )


def test_the_echo_of_a_push_writes_nothing_and_another_laptops_change_in_the_page_is_written(
    live_server: LiveServer, tmp_path: Path
) -> None:
    mine = enrol(live_server.url, tmp_path / "echo_a", "lead")
    other = enrol(live_server.url, tmp_path / "echo_b", "lead")
    shared = mine.store.save(new_target("回声共用宾馆"))
    mine.engine.sync()
    other.engine.sync()
    renamed = other.store.get(Target, shared.id).model_copy(update={"name": "另一台电脑改的名"})
    other.store.save(renamed)
    other.engine.sync()
    made = [mine.store.save(new_target(f"回声宾馆{n}")) for n in range(3)]
    edited = mine.store.save(mine.store.get(Target, made[0].id).model_copy(update={"address": "回声路1号"}))
    mine.engine.push(Summary())
    before = {t.id: _row(mine.store, t.id) for t in made}
    heard: list[dict[str, frozenset[str]]] = []
    mine.store.changes.subscribe(lambda changes: heard.append(dict(changes.ids)))

    pulled = Summary()
    mine.engine.pull(pulled)

    assert pulled.pulled >= 4, "the echo and the other laptop's change came back"
    assert {t.id: _row(mine.store, t.id) for t in made} == before, "the echoed rows were not written"
    assert [h.get("targets") for h in heard if "targets" in h] == [frozenset({shared.id})]
    assert mine.store.get(Target, shared.id).name == "另一台电脑改的名"
    assert mine.store.get(Target, edited.id).address == "回声路1号"
    fresh = enrol(live_server.url, tmp_path / "echo_c", "lead")
    fresh.engine.sync()
    for t in made:  # as the server has them: a new laptop's copy is the same, column for column
        ours, theirs = _row(mine.store, t.id), _row(fresh.store, t.id)
        assert {k: v for k, v in ours.items() if k != "rowid"} == {k: v for k, v in theirs.items() if k != "rowid"}
    for device in (mine, other, fresh):
        device.close()
