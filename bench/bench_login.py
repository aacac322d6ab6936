"""Login timing: a known user with a wrong password beside an unknown user name, through the real app, with the
raw argon2 verification of one password in the same run (the floor of any login). A server that skips the hash for
unknown names tells them apart by time (issue 14: 131 ms against 5 ms).

    .venv/bin/python bench/bench_login.py [--tries 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.models import Role
from server.accounts import create_user
from server.api.app import create_app
from server.core.config import Settings
from server.core.security import hash_password, verify_password
from server.throttle import LoginThrottle


def _median_ms(action, tries: int) -> float:
    samples = []
    for _ in range(tries):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url=f"sqlite:///{Path(folder) / 'server.db'}")
        with TestClient(create_app(settings)) as client:
            with client.app.state.sessions() as session:
                create_user(session, username="zhang", password="right one", name="张", role=Role.INSPECTOR, team="科")
                session.commit()
            client.app.state.throttle = LoginThrottle(user_limit=10**9, address_limit=10**9)  # timing, not locking

            def attempt(username: str) -> None:
                body = {"username": username, "password": "wrong", "device_id": "bench"}
                assert client.post("/api/auth/login", json=body).status_code == 401

            known = _median_ms(lambda: attempt("zhang"), args.tries)
            unknown = _median_ms(lambda: attempt("nobody"), args.tries)
    digest = hash_password("right one")
    floor = _median_ms(lambda: verify_password(digest, "wrong"), args.tries)
    print(f"median of {args.tries} tries each")
    print(f"{'argon2 verify of one password (floor)':40}{floor:>9.1f} ms")
    print(f"{'known user, wrong password':40}{known:>9.1f} ms")
    print(f"{'unknown user name':40}{unknown:>9.1f} ms   ratio {unknown / known:.2f}")


if __name__ == "__main__":
    main()
