"""One photo limit, the server's (issue 12): told at login, kept in the store, checked when a photo is imported, so
a file the server would refuse with 413 is refused on site at once, in words, with nothing written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.onsite.evidence import EvidenceError, import_photo, photo_limit
from app.store import Store
from app.sync import auth
from tests.helpers.live_server import PASSWORD, LiveServer
from tests.onsite.evidence_helpers import counts, jpeg, on_site

SERVER_LIMIT = 50 * 1024 * 1024  # the live server's default FI_MAX_BLOB_BYTES


def test_the_login_tells_the_servers_limit_and_a_52_mb_photo_is_refused_at_import(
    live_server: LiveServer, tmp_path: Path
) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        auth.login(store, auth.TokenVault(tmp_path, None), live_server.url, "zhang", PASSWORD)
        assert photo_limit(store) == SERVER_LIMIT
        site = on_site(store)
        tiff = tmp_path / "DSC_0052.TIF"
        subprocess.run(["truncate", "-s", "52M", str(tiff)], check=True)  # sparse; refused by size before reading
        before = counts(store)

        with pytest.raises(EvidenceError) as refused:
            import_photo(store, site.inspection, tiff)

        assert "the server takes at most 50.0 MB" in str(refused.value) and "服务器上限" in str(refused.value)
        assert counts(store) == before  # no blob, no record, no outbox row


def test_a_lower_limit_told_by_the_server_is_the_one_checked(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        site = on_site(store)
        photo = jpeg(tmp_path / "IMG_0001.JPG")
        store.set_meta("server.max_blob_bytes", str(photo.stat().st_size - 1))
        with pytest.raises(EvidenceError, match="too large"):
            import_photo(store, site.inspection, photo)
        store.set_meta("server.max_blob_bytes", str(photo.stat().st_size))
        assert import_photo(store, site.inspection, photo).size == photo.stat().st_size
