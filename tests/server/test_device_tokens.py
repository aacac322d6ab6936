"""Per-device sign-ins an admin can revoke (a lost laptop): abuse first, then the revocation shuts out that device
only, at once in this process."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.world import PASSWORD, XUHUI, World


def _login(client: TestClient, username: str, device_id: str) -> str:
    body = {"username": username, "password": PASSWORD, "device_id": device_id}
    response = client.post("/api/auth/login", json=body)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_only_an_admin_lists_or_revokes_and_only_in_his_district(world: World) -> None:
    laptop = _login(world.client, "zhang", "laptop-1")
    for caller in ("zhang", "lead", "zhao"):
        api = world[caller]
        assert world.client.get("/api/devices", headers=api.headers).status_code == 403
        refused = world.client.post("/api/devices/zhang/laptop-1/revoke", headers=api.headers)
        assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    assert world.client.get("/api/sync/pull", params={"since": 0, "limit": 1}, headers=_bearer(laptop)).is_success

    world.add_users({"admin2": ("admin", "办公室", XUHUI)})
    stranger = world.client.post("/api/devices/zhang/laptop-1/revoke", headers=world["admin2"].headers)
    assert stranger.status_code == 404  # zhang is not of his district: as if unknown
    assert "zhang" not in {d["username"] for d in world.client.get("/api/devices", headers=world["admin2"].headers)
                           .json()["devices"]}  # fmt: skip
    unknown = world.client.post("/api/devices/zhang/no-such-device/revoke", headers=world["admin"].headers)
    assert unknown.status_code == 404


def test_a_revoked_device_is_shut_out_and_the_others_go_on(world: World) -> None:
    lost = _login(world.client, "zhang", "lost-laptop")
    other = _login(world.client, "zhang", "office-pc")
    pull = {"since": 0, "limit": 1}
    assert world.client.get("/api/sync/pull", params=pull, headers=_bearer(lost)).is_success
    admin = world["admin"]
    listed = world.client.get("/api/devices", headers=admin.headers).json()["devices"]
    assert {("zhang", "lost-laptop"), ("zhang", "office-pc")} <= {(d["username"], d["device_id"]) for d in listed}

    revoked = world.client.post("/api/devices/zhang/lost-laptop/revoke", headers=admin.headers)
    assert revoked.status_code == 200 and revoked.json() == {"revoked_tokens": 1}
    assert world.client.get("/api/sync/pull", params=pull, headers=_bearer(lost)).status_code == 401
    assert world.client.get("/api/sync/pull", params=pull, headers=_bearer(other)).is_success
    again = world.client.post("/api/devices/zhang/lost-laptop/revoke", headers=admin.headers)
    assert again.status_code == 404
