"""无感检查: a remote task's inspection says it was remote, as does its 现场检查笔录; an on-site one does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.documents import facts as document_facts
from app.documents.site_record import _header_rows
from app.onsite import inspection as onsite
from app.store import Store
from tests.onsite.world import SiteWorld, site_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SiteWorld]:
    with Store.open(tmp_path / "store.sqlite3") as store:
        yield site_world(store)


def test_a_remote_task_makes_a_remote_record(world: SiteWorld) -> None:
    remote_task = world.store.save(world.task.model_copy(update={"remote": True}), changed=["remote"])
    inspection = onsite.start(world.store, world.code_for(remote_task).id)
    assert inspection.remote
    rows = dict(_header_rows(document_facts.gather(world.store, inspection.id)))
    assert rows["检查方式"].startswith("无感检查")


def test_an_on_site_task_makes_an_on_site_record(world: SiteWorld) -> None:
    inspection = onsite.start(world.store, world.code_for(world.task).id)
    assert not inspection.remote
    assert "检查方式" not in dict(_header_rows(document_facts.gather(world.store, inspection.id)))
