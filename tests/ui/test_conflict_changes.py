"""Conflicts in the change notifications: a push that stores a conflict, a refusal that parks a change and the user's
resolution each tell `Changes` (CONFLICTS, PARKED), and the conflicts pages read again from that, without a reload."""

from __future__ import annotations

from pathlib import Path

from app.models import Target
from app.models.wire import Change, MutationResult
from app.store import Store
from app.store.changes import CONFLICTS, PARKED, Changes
from app.ui.conflict_inbox import ConflictInbox
from app.ui.conflicts_view import ConflictsView
from app.ui.runner import Runner
from tests.helpers.devices import new_target


def _edited(tmp_path: Path) -> tuple[Store, Target]:
    """A synced target (version 2) renamed here: one change in the outbox."""
    store = Store.open(tmp_path / "store.sqlite3")
    target = new_target("服务器名")
    store.apply_remote([Change(seq=1, entity="targets", id=target.id, version=2, data=target.model_dump(mode="json"))])
    store.save(target.model_copy(update={"name": "本机名"}), changed=["name"])
    return store, target


def _push(runner: Runner, answer: dict) -> None:
    """What the sync engine does with one batch and the server's answer, on the runner's worker."""

    def push(store: Store) -> None:
        batch = store.outbox_batch(10)
        store.mark_sending(batch)
        store.apply_push_answers(batch, [MutationResult(mutation_id=batch[0].mutation_id, **answer)])

    runner.run(push)


def test_a_pushed_conflict_and_its_resolution_reach_the_page_by_notification(qtbot, tmp_path: Path, make_runner):
    store, target = _edited(tmp_path)
    runner = make_runner(store)
    view = ConflictsView(runner)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: not view.loading)
    assert view.list.count() == 0
    heard: list[Changes] = []
    runner.changed.connect(heard.append)

    server = {**target.model_dump(mode="json"), "name": "服务器新名", "version": 3}
    _push(runner, {"status": "conflict", "record": server, "conflict_fields": ["name"]})
    qtbot.waitUntil(lambda: view.list.count() == 1)  # no reload asked: the page heard of it
    [conflict] = store.open_conflicts()
    assert any(c.of(CONFLICTS) == {conflict.id} for c in heard)
    assert {b.text() for b in view.choices["name"].buttons()} == {"本机名", "服务器新名"}

    view.choose("name", "local")
    with qtbot.waitSignal(view.resolved):
        view.apply()
    qtbot.waitUntil(lambda: view.list.count() == 0 and not view.loading)
    assert heard[-1].of(CONFLICTS) == {conflict.id} and store.open_conflicts() == []
    store.close()


def test_a_refused_change_is_told_as_parked_and_the_inbox_lists_it(qtbot, tmp_path: Path, make_runner) -> None:
    store, target = _edited(tmp_path)
    runner = make_runner(store)
    inbox = ConflictInbox(runner, None)
    qtbot.addWidget(inbox)
    qtbot.waitUntil(lambda: runner.idle)
    assert [inbox.parked.item(i).text() for i in range(inbox.parked.count())] == ["没有被拒绝的内容"]
    with qtbot.waitSignal(runner.changed, check_params_cb=lambda c: PARKED in c) as told:
        _push(runner, {"status": "rejected", "error": "forbidden", "message": "无权修改 / not allowed"})
    assert told.args[0].of(PARKED) == {target.id}
    qtbot.waitUntil(lambda: inbox.parked.count() == 1 and target.id[-8:] in inbox.parked.item(0).text())
    assert "not allowed" not in inbox.parked.item(0).text()  # the reason in the interface's language
    store.close()
