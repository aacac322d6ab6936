"""Users missing from a re-imported whole staff list are deactivated, never deleted (issue 15): the preview lists each
and changes nothing; the import signs them out and refuses their sign-in while their records stay; listed again,
a user is active again; without the flag, a partial file deactivates no one; the admin importing is never
deactivated, nor another district's users."""

from __future__ import annotations

from typing import Any

from tests.server.world import PASSWORD, World

HEADER = "姓名,用户名,执法证号,科室,角色\n"


def _post(world: World, text: str, *, dry_run: bool = False, deactivate: bool = True) -> dict[str, Any]:
    response = world.client.post(
        "/api/imports/users",
        params={"dry_run": str(dry_run).lower(), "deactivate_missing": str(deactivate).lower()},
        content=text.encode(),
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _row(world: World, username: str) -> str:
    user = world[username].user
    role = {"inspector": "监督员", "team_lead": "科室负责人", "admin": "管理员"}[user["role"]]
    return f"{user['name']},{username},{user.get('certificate_no') or ''},{user['team']},{role}\n"


def _pulls(world: World, username: str) -> int:
    api = world[username]
    return world.client.get("/api/sync/pull", params={"since": 0, "limit": 10}, headers=api.headers).status_code


def _signs_in(world: World, username: str) -> int:
    body = {"username": username, "password": PASSWORD, "device_id": "dev-9"}
    return world.client.post("/api/auth/login", json=body).status_code


def test_users_missing_from_the_staff_list_are_deactivated_never_deleted(world: World) -> None:
    staff = HEADER + _row(world, "lead") + _row(world, "zhang")  # li and wang have left; the admin imports
    preview = _post(world, staff, dry_run=True)
    assert sorted(r["key"] for r in preview["deactivated"]) == ["li", "wang"]  # zhao is another district's
    assert preview["deactivated_count"] == 2
    assert [(c["field"], c["old"], c["new"]) for c in preview["deactivated"][0]["changes"]] == [("active", True, False)]
    assert _pulls(world, "li") == 200  # the preview changed nothing

    partial = _post(world, HEADER + _row(world, "zhang"), deactivate=False)  # not a whole list: no one deactivated
    assert partial["deactivated_count"] == 0 and _signs_in(world, "lead") == 200

    report = _post(world, staff)
    assert report["deactivated_count"] == 2 and not report["dry_run"]
    assert _pulls(world, "li") == 401  # signed out at once
    assert _signs_in(world, "li") == 401 and _signs_in(world, "zhang") == 200 and _signs_in(world, "admin") == 200
    records, _ = world["zhang"].pull_all()
    usernames = {c["data"]["username"] for (entity, _), c in records.items() if entity == "inspectors"}
    assert {"li", "wang"} <= usernames  # never deleted: their records and history stay

    back = _post(world, staff + _row(world, "li"))
    [entry] = back["updated"]
    assert entry["key"] == "li" and [(c["field"], c["new"]) for c in entry["changes"]] == [("active", True)]
    assert _signs_in(world, "li") == 200 and back["deactivated_count"] == 0  # wang was deactivated already
