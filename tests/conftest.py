"""Shared set-up for every test: Qt offscreen, and app data folders pointed at a temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.live_server import demo_server  # noqa: F401 (fixture for every e2e module)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user-data folders."""
    data = tmp_path / "data"
    monkeypatch.setenv("FIELD_INSPECTOR_DATA", str(data / "client"))
    monkeypatch.setenv("FIELD_INSPECTOR_SERVER_DATA", str(data / "server"))
    return data
