"""The server's snapshot folder (server/sync/snapshot.py): a making cut short by a crash leaves a `.making-*` folder
of plain rows; the next start removes it and keeps the snapshots made."""

from __future__ import annotations

from pathlib import Path

from server.db.engine import make_engine, make_sessionmaker
from server.sync.snapshot import Snapshots


def test_a_making_cut_short_is_removed_at_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    left = folder / ".making-abc"
    left.mkdir(parents=True)
    (left / "store.sqlite3").write_bytes(b"plain rows")
    made = folder / "0123abcd-42.sqlite3.gz"
    made.write_bytes(b"kept")
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        Snapshots(make_sessionmaker(engine), folder, 1, 10, 1 << 20).close()
    finally:
        engine.dispose()
    assert not left.exists() and made.read_bytes() == b"kept"
