"""The conflicts view shows both values and resolves a conflict into an outbox row."""

from __future__ import annotations

from pathlib import Path

from app.models import Target, new_id
from app.models.wire import Change
from app.store import Store
from app.sync import conflicts
from app.ui.conflicts_view import ConflictsView
from tests.helpers.devices import new_target


def _store_with_conflict(tmp_path: Path) -> tuple[Store, Target]:
    store = Store.open(tmp_path / "store.sqlite3")
    target = new_target("本机名")
    store.apply_remote([Change(seq=1, entity="targets", id=target.id, version=2, data=target.model_dump(mode="json"))])
    store.db.execute(
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
    store.db.conn.commit()
    return store, target


def test_choosing_the_server_value_saves_a_change_and_resolves(qtbot, tmp_path: Path) -> None:
    store, target = _store_with_conflict(tmp_path)
    view = ConflictsView(store)
    qtbot.addWidget(view)
    assert view.list.count() == 1 and view.empty_label.isHidden()
    texts = {b.text() for b in view.choices["name"].buttons()}
    assert texts == {"本机名", "服务器名"}

    view.apply()  # nothing chosen yet: refused in words, nothing changed
    assert "name" in view.message.text()
    assert store.outbox() == []

    view.choose("name", "server")
    with qtbot.waitSignal(view.resolved, timeout=1000):
        view.apply()

    assert view.list.count() == 0 and not view.empty_label.isHidden()  # the empty state says what the page is for
    assert conflicts.open_conflicts(store) == []
    [row] = store.outbox()
    assert (row["record_id"], row["fields"]["name"], row["base_version"]) == (target.id, "服务器名", 2)
    assert store.get(Target, target.id).name == "服务器名"
    assert store.sync_state(Target, target.id) == "local"
    store.close()
