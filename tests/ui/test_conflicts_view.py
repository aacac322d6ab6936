"""The conflicts view shows both values and resolves a conflict into an outbox row."""

from __future__ import annotations

from pathlib import Path

from app.models import Target, new_id
from app.models.wire import Change
from app.store import Store
from app.ui.conflicts_view import ConflictsView
from tests.helpers.devices import new_target
from tests.helpers.sql import sql
from tests.ui.conftest import settle


def _store_with_conflict(tmp_path: Path) -> tuple[Store, Target]:
    store = Store.open(tmp_path / "store.sqlite3")
    target = new_target("本机名")
    store.apply_remote([Change(seq=1, entity="targets", id=target.id, version=2, data=target.model_dump(mode="json"))])
    sql(
        store,
        "INSERT INTO conflicts (id, entity, record_id, local, server, fields, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            new_id(),
            "targets",
            target.id,
            '{"name": "本机名"}',
            '{"name": "服务器名"}',
            '["name"]',
            "2025-01-01T00:00:00Z",
        ],
    )
    return store, target


def test_choosing_the_server_value_saves_a_change_and_resolves(qtbot, tmp_path: Path, make_runner) -> None:
    store, target = _store_with_conflict(tmp_path)
    runner = make_runner(store)
    view = ConflictsView(runner)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.list.count() == 1)
    assert view.empty_label.isHidden()
    texts = {b.text() for b in view.choices["name"].buttons()}
    assert texts == {"本机名", "服务器名"}

    view.apply()  # nothing chosen yet: refused in words, nothing changed
    qtbot.waitUntil(lambda: "name" in view.message.text())
    assert store.outbox() == []

    view.choose("name", "server")
    with qtbot.waitSignal(view.resolved, timeout=5000):
        view.apply()
    settle(qtbot, runner)

    assert view.list.count() == 0 and not view.empty_label.isHidden()  # the empty state says what the page is for
    assert store.open_conflicts() == []
    [row] = store.outbox()
    assert (row["record_id"], row["fields"]["name"], row["base_version"]) == (target.id, "服务器名", 2)
    assert store.get(Target, target.id).name == "服务器名"
    assert store.sync_state(Target, target.id) == "local"
    store.close()
