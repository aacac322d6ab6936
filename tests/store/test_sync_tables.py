"""The sync tables behind Store methods: a compound save, a pulled page with its cursor, uploads and conflicts, each
one transaction that leaves nothing behind when it fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.models import Target, Task
from app.models.wire import Change, Mutation, MutationResult
from app.store import Store, StoreError
from tests.store.conftest import target


def _change(record: Target, seq: int, **data: object) -> Change:
    return Change(seq=seq, entity=record.entity, id=record.id, version=1, data=record.model_dump(mode="json") | data)


def test_save_all_writes_every_record_or_none(store: Store) -> None:
    first = target("先存的宾馆")
    orphan = Task(plan_id="no-such-plan", target_id=first.id, category="complaint", team="一科")
    with pytest.raises(StoreError, match="constraint"):
        store.save_all([first, orphan])
    assert store.get(Target, first.id) is None and store.outbox() == []

    saved = store.save_all([first, target("后存的宾馆")])
    assert [r.entity for r in saved] == ["targets", "targets"] and len(store.outbox()) == 2


def test_a_pulled_page_and_its_cursor_move_together(store: Store) -> None:
    good, bad = target("拉取的宾馆"), target("坏记录")
    with pytest.raises(StoreError):
        store.apply_pull_page([_change(good, 1), _change(bad, 2, credit_code="不是信用代码")], 2)
    assert store.get(Target, good.id) is None and store.pull_cursor() == 0  # validated before anything is written

    assert store.apply_pull_page([_change(good, 1)], 7) == []
    assert store.pull_cursor() == 7 and store.sync_state(Target, good.id) == "sent"


def test_upload_progress_is_kept_and_a_missing_file_is_queued_as_failed(store: Store) -> None:
    sha = store.blobs.put_bytes(b"photo bytes" * 100)
    missing = "0" * 64
    store.enqueue_upload(sha)
    store.enqueue_upload(sha)  # once
    store.enqueue_upload(missing)

    [upload] = store.pending_uploads()
    assert (upload.sha256, upload.size, upload.offset) == (sha, 1100, 0)
    assert store.unverified_uploads() == 2  # the missing one stays counted: logout waits for it
    store.upload_progress(sha, 600)
    assert store.pending_uploads()[0].offset == 600 and store.pending_upload_bytes() == 500
    store.upload_done(sha)
    assert store.pending_uploads() == [] and store.unverified_uploads() == 1


def test_a_conflict_answer_keeps_both_values_and_a_resolution_needs_a_choice_per_field(store: Store) -> None:
    mine = store.save(target("本机名"))
    [mutation] = store.outbox_batch(10)
    server = mine.model_dump(mode="json") | {"name": "服务器名", "version": 3}
    answer = MutationResult(
        mutation_id=mutation.mutation_id, status="conflict", record=server, conflict_fields=["name"]
    )

    counts, [conflict_id] = store.apply_push_answers([mutation], [answer])

    assert counts == {"accepted": 0, "conflict": 1, "rejected": 0}
    [conflict] = store.open_conflicts()
    assert (conflict.id, conflict.local, conflict.server) == (conflict_id, {"name": "本机名"}, {"name": "服务器名"})
    assert store.sync_state(Target, mine.id) == "conflict" and store.outbox() == []
    with pytest.raises(StoreError, match="choose a value for: name"):
        store.resolve_conflict(conflict, {})
    assert store.open_conflicts() == [conflict] and store.outbox() == []

    store.resolve_conflict(conflict, {"name": "local"})
    assert store.open_conflicts() == [] and store.get(Target, mine.id).name == "本机名"
    [resent] = store.outbox()
    assert (resent["fields"].keys() - {"updated_at"}, resent["fields"]["name"], resent["base_version"]) == (
        {"name"},
        "本机名",
        3,
    )
    assert store.sync_state(Target, mine.id) == "local"


def test_a_batch_of_answers_applied_in_bulk_ends_as_each_answer_applied_alone(tmp_path: Path) -> None:
    """apply_answers writes the accepted ones and the states of the batch in a few statements (outbox._accepted,
    sync_state.refresh_many): the same rows, outbox and states as the answers applied one at a time."""

    def run(folder: Path, one_by_one: bool) -> tuple[list[tuple], list[tuple], list[tuple]]:
        with Store.open(folder / "store.sqlite3") as store:
            made = [store.save(target(f"批量回答{n}")) for n in range(6)]
            store.save(made[0].model_copy(update={"address": "第二次修改"}))  # waits for the first's version
            batch = store.outbox_batch(10)
            assert len(batch) == 6
            store.mark_sending(batch)
            assert {store.sync_state(Target, t.id) for t in made} == {"sending"}
            answers = [_answer(m, n) for n, m in enumerate(batch)]
            if one_by_one:
                for m, a in zip(batch, answers, strict=True):
                    store.apply_push_answers([m], [a])
            else:
                store.apply_push_answers(batch, answers)
            rows = store._db.execute("SELECT name, version, sync_state FROM targets ORDER BY name").fetchall()
            outbox = [
                (name, base, error, sorted(json.loads(fields)))  # the fields it sends (values hold ids and times)
                for name, base, error, fields in store._db.execute(
                    "SELECT t.name, o.base_version, o.last_error, o.fields FROM outbox o"
                    " JOIN targets t ON t.id = o.record_id ORDER BY o.seq"
                ).fetchall()
            ]
            conflicted = [(c.fields, c.local, c.server) for c in store.open_conflicts()]
            return rows, outbox, conflicted

    bulk, alone = run(tmp_path / "bulk", False), run(tmp_path / "alone", True)
    assert bulk == alone and len(bulk[2]) == 1
    states = sorted(state for _name, _v, state in bulk[0])
    assert states == ["conflict", "error", "local", "sent", "sent", "sent"], states


def _answer(m: Mutation, n: int) -> MutationResult:
    """Accepted at version 4 (twice without a version), one conflict, one refusal."""
    if n == 4:
        record = {"name": "服务器的名称", "version": 9}
        return MutationResult(mutation_id=m.mutation_id, status="conflict", record=record, conflict_fields=["name"])
    if n == 5:
        return MutationResult(mutation_id=m.mutation_id, status="rejected", error="not_allowed", message="不可 / no")
    return MutationResult(mutation_id=m.mutation_id, status="accepted", version=None if n in (1, 2) else 4)


def test_an_empty_page_at_the_cursor_held_writes_nothing_and_a_new_cursor_moves(store: Store) -> None:
    store.apply_pull_page([_change(target("游标宾馆"), 1)], 5)
    heard = []
    store.changes.subscribe(heard.append)
    writes = store._db.conn.total_changes
    assert store.apply_pull_page([], 5) == []
    assert heard == [] and store._db.conn.total_changes == writes and store.pull_cursor() == 5
    assert store.apply_pull_page([], 9) == []  # the server's log moved on past records this user does not see
    assert store.pull_cursor() == 9 and len(heard) == 1
