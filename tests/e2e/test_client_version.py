"""An outdated client is told to update (426 client_outdated, in words) and keeps its unsent work: nothing is
parked as refused, and the sync works again once the server accepts the version."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app import __version__
from app.store import Store
from app.sync import auth
from app.sync.errors import OutdatedClientError
from app.sync.parked import parked_count
from tests.helpers.devices import enrol, new_target
from tests.helpers.live_server import PASSWORD, seeded_server

pytestmark = pytest.mark.e2e


def test_an_outdated_client_is_told_to_update_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with seeded_server(tmp_path / "server") as server:
        device = enrol(server.url, tmp_path / "lead", "lead")  # a lead may add targets
        device.engine.sync()
        device.store.save(new_target("更新前的宾馆"))

        monkeypatch.setenv("FI_MIN_CLIENT_VERSION", "99.0")  # a release this client is older than
        server.restart()
        with pytest.raises(OutdatedClientError) as refused:
            device.engine.sync()
        assert "99.0" in str(refused.value) and "更新" in refused.value.zh and "update" in refused.value.en
        assert device.store.pending_changes() == 1 and parked_count(device.store) == 0

        with Store.open(tmp_path / "other" / "store.sqlite3") as store, pytest.raises(OutdatedClientError):
            auth.login(store, auth.TokenVault(tmp_path / "other", None), server.url, "li", PASSWORD)
        public = requests.get(f"{server.url}/healthz", timeout=5)  # no version header: not judged
        assert public.status_code == 200

        monkeypatch.setenv("FI_MIN_CLIENT_VERSION", __version__)  # this release is accepted again
        server.restart()
        device.engine.sync()
        assert device.store.pending_changes() == 0 and parked_count(device.store) == 0
        device.close()
