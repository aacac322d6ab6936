"""Login throttling and lockout, per user name and per address, through the real app: abuse first (guessing one
name, spraying many names from one address), then the right password after the lock, a success clearing the count;
and the throttle's own bookkeeping on a clock the test moves."""

from __future__ import annotations

from argon2 import extract_parameters
from fastapi.testclient import TestClient

from server.accounts import dummy_hash
from server.core.security import hash_password
from server.throttle import ADDRESS_LIMIT, LOCKOUT, USER_LIMIT, WINDOW, LoginThrottle
from tests.server.world import PASSWORD, World


def _try(client: TestClient, username: str, password: str):
    body = {"username": username, "password": password, "device_id": "dev-1"}
    return client.post("/api/auth/login", json=body)  # from the test client's address, "testclient"


def test_guessing_one_name_locks_it_even_for_the_right_password(world: World) -> None:
    for _ in range(USER_LIMIT):
        assert _try(world.client, "zhang", "guess").status_code == 401
    locked = _try(world.client, "zhang", PASSWORD)
    assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
    assert "分钟后再试" in locked.json()["message"] and "try again in 15 minutes" in locked.json()["message"]
    assert int(locked.headers["Retry-After"]) > 0
    assert _try(world.client, "ZHANG", PASSWORD).status_code == 429  # the same name in other letters
    assert _try(world.client, "li", PASSWORD).status_code == 200  # another name from the same address goes on


def test_a_success_clears_the_failures_of_the_name(world: World) -> None:
    for _ in range(USER_LIMIT - 1):
        assert _try(world.client, "zhang", "guess").status_code == 401
    assert _try(world.client, "zhang", PASSWORD).status_code == 200
    for _ in range(USER_LIMIT - 1):
        assert _try(world.client, "zhang", "guess").status_code == 401
    assert _try(world.client, "zhang", PASSWORD).status_code == 200


def test_spraying_names_from_one_address_locks_the_address(world: World) -> None:
    throttle = world.client.app.state.throttle
    for n in range(ADDRESS_LIMIT):
        throttle.failed(f"nobody-{n}", "testclient")  # as many wrong names from here
    assert _try(world.client, "li", PASSWORD).status_code == 429


def test_unknown_names_cost_a_password_check_like_known_ones() -> None:
    """The dummy hash has the parameters of a real one, so an unknown name takes as long as a wrong password (the
    time itself is measured in bench/, not asserted here)."""
    assert extract_parameters(dummy_hash()) == extract_parameters(hash_password("any"))


def test_the_loopback_is_not_locked_as_an_address_but_its_names_are() -> None:
    throttle = LoginThrottle()
    for n in range(ADDRESS_LIMIT * 2):
        throttle.failed(f"nobody-{n}", "127.0.0.1")
    assert throttle.locked_for("li", "127.0.0.1") == 0  # the reverse proxy itself: everyone behind it
    for _ in range(USER_LIMIT):
        throttle.failed("zhang", "::1")
    assert throttle.locked_for("zhang", "127.0.0.1") > 0


def test_the_count_forgets_old_failures_and_the_lock_ends() -> None:
    now = [1000.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(USER_LIMIT - 1):
        throttle.failed("zhang", "10.0.0.1")
    now[0] += WINDOW + 1  # the earlier failures fall out of the window
    throttle.failed("zhang", "10.0.0.1")
    assert throttle.locked_for("zhang", "10.0.0.2") == 0
    for _ in range(USER_LIMIT - 1):
        throttle.failed("zhang", "10.0.0.1")
    assert throttle.locked_for("zhang", "10.0.0.2") == LOCKOUT
    now[0] += LOCKOUT
    assert throttle.locked_for("zhang", "10.0.0.2") == 0
