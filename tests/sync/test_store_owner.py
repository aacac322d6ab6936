"""A store belongs to its user (issue 12): another user cannot sign in on a store holding someone's unsent work, and
every queued change goes out under the name of the user who made it, never another's."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Target
from app.store import Store
from app.sync import auth
from app.sync.engine import SyncEngine
from app.sync.errors import StoreOwnedError
from app.sync.http import SyncClient
from tests.helpers.devices import enrol, new_target, server_record
from tests.helpers.live_server import PASSWORD, LiveServer


def test_another_user_cannot_sign_in_on_a_store_with_someones_unsent_work(
    live_server: LiveServer, tmp_path: Path
) -> None:
    lead = enrol(live_server.url, tmp_path, "lead")
    target = lead.store.save(new_target("组长未同步的宾馆"))
    assert [row["author"] for row in lead.store.outbox()] == ["lead"]
    vault = auth.TokenVault(tmp_path, None)

    with pytest.raises(StoreOwnedError, match="belongs to lead") as refused:
        auth.login(lead.store, vault, live_server.url, "zhang", PASSWORD)

    assert "1 changes" in str(refused.value) and "lead" in refused.value.zh
    assert lead.store.meta(auth.USERNAME) == "lead" and vault.load("zhang") is None  # nothing changed
    lead.engine.sync()
    assert server_record(live_server, "targets", target.id) is not None
    auth.login(lead.store, vault, live_server.url, "zhang", PASSWORD)  # nothing unsent: the store may change hands
    assert lead.store.meta(auth.USERNAME) == "zhang"
    lead.close()


def test_a_change_is_never_pushed_under_another_users_name(live_server: LiveServer, tmp_path: Path) -> None:
    lead = enrol(live_server.url, tmp_path, "lead")
    target = lead.store.save(new_target("只属于组长的修改"))
    lead.close()
    # as an older client did: li signed in on lead's store (the meta rewritten behind the refusal's back)
    store = Store.open(tmp_path / "store.sqlite3")
    store.set_metas({"user.username": "li", auth.USERNAME: "li"})
    li_token = SyncClient(live_server.url).login("li", PASSWORD, "li-laptop").token
    engine = SyncEngine(store, SyncClient(live_server.url, li_token))

    summary = engine.sync()

    assert summary.accepted == 0 and server_record(live_server, "targets", target.id) is None
    assert [(row["record_id"], row["author"]) for row in store.outbox()] == [(target.id, "lead")]  # kept, not sent
    assert store.sync_state(Target, target.id) == "local"
    store.close()
