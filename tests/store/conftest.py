"""Store fixtures: a fresh store in the test's temporary folder, and targets with valid Changning credit codes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import Target
from app.rules.credit_code import make
from app.store import Store

_serial = itertools.count(1)


def target(name: str = "上海天山口腔门诊部", address: str = "长宁区天山路100号", **changes: object) -> Target:
    code = make(f"91310105MA1{next(_serial):06d}"[:17])
    fields = {"credit_code": code, "name": name, "industry": "dental", "street": "天山路街道", "address": address}
    return Target(**(fields | changes))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as s:
        yield s
