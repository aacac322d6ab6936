"""A store holding the demo data of one seed, as the planning service finds it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import demo
from app.store import Store
from tests.planning.helpers import TODAY


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as s:
        s.save_many(demo.generate(targets=300, seed=3, today=TODAY).all_records(), synced=True)
        yield s
