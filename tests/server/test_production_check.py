"""scripts/production_check.py passes on this machine: a production-mode server with two workers on PostgreSQL,
laptops syncing through it, JSON logs, and a backup restored into a second database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import postgres

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(900)
def test_the_production_check_passes() -> None:
    postgres.require_postgres()
    done = subprocess.run(
        [sys.executable, "scripts/production_check.py", "--pg-dsn", postgres.ADMIN_DSN],
        cwd=ROOT, capture_output=True, text=True, timeout=840, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all checks passed" in done.stdout and "FAIL" not in done.stdout
    assert done.stdout.count("PASS") == 5
