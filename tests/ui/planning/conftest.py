"""Planning view fixtures: the demo store's team lead of 公共场所科."""

from __future__ import annotations

import pytest

from app.models.domain import Inspector
from app.store import Store


@pytest.fixture
def lead(demo_store: Store) -> Inspector:
    return demo_store.find(Inspector, username="lead.public")[0]
