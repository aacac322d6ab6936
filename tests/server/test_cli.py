"""`field-inspector-server` commands, run in-process against the data folder the root conftest isolates."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

import demo
from app.resources import load_catalogue
from demo.__main__ import main as demo_main
from server.__main__ import main
from server.api.app import create_app
from server.signing import KeyRing
from tests.server.world import Api, login


def test_init_creates_the_admin_and_create_user_adds_an_inspector(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--admin", "root", "--password", "root-pw"]) == 0
    assert (
        main(
            [
                "create-user",
                "--username",
                "zhou",
                "--password",
                "zhou-pw",
                "--name",
                "周敏",
                "--team",
                "公共场所科",
                "--certificate-no",
                "31010500123",
            ]
        )
        == 0
    )
    assert main(["create-user", "--username", "zhou", "--password", "x", "--name", "x", "--team", "x"]) == 2
    assert "already exists" in capsys.readouterr().err
    with TestClient(create_app()) as client:
        admin = login(client, "root", "root-pw")
        zhou = login(client, "zhou", "zhou-pw")
        assert (admin.user["role"], zhou.user["role"], zhou.user["certificate_no"]) == (
            "admin",
            "inspector",
            "31010500123",
        )
        records, _ = zhou.pull_all()
        assert {c["data"]["username"] for (entity, _), c in records.items() if entity == "inspectors"} == {
            "root",
            "zhou",
        }


def test_rotate_key_changes_the_key_pinned_at_login(capsys: pytest.CaptureFixture[str]) -> None:
    main(["init", "--admin", "root", "--password", "root-pw"])
    with TestClient(create_app()) as client:
        before = login(client, "root", "root-pw")
    key_id_before = client.app.state.keys.current_id
    assert main(["rotate-key"]) == 0
    with TestClient(create_app()) as client:
        response = client.post("/api/auth/login", json={"username": "root", "password": "root-pw", "device_id": "d"})
    assert response.json()["key_id"] != key_id_before
    assert response.json()["key_id"] in capsys.readouterr().out
    assert before.token != response.json()["token"]
    ring = KeyRing.load_or_create(client.app.state.settings.key_dir)
    assert set(ring.public_keys()) == {key_id_before, response.json()["key_id"]}


def test_python_m_demo_server_loads_records_and_users_scoped_by_team(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo_main(["server", "--targets", "60"]) == 0
    counts = json.loads(capsys.readouterr().out)
    data = demo.generate(targets=60)
    assert counts["targets"] == 60 and counts["users"] == len(data.inspectors)
    lead = next(i for i in data.inspectors if i.role == "team_lead")
    with TestClient(create_app()) as client:
        api: Api = login(client, lead.username, demo.DEMO_PASSWORD)
        records, _ = api.pull_all()
    entities = {entity for entity, _ in records}
    assert {"targets", "checklists", "checklist_items", "inspectors", "tasks"} <= entities
    assert len([k for k in records if k[0] == "targets"]) == 60
    assert {c["data"]["team"] for (entity, _), c in records.items() if entity == "tasks"} == {lead.team}


def test_load_catalogue_loads_the_checklists_without_demo_data_and_twice_changes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checklists, items = load_catalogue()
    assert main(["init", "--admin", "root", "--password", "root-pw"]) == 0
    capsys.readouterr()
    assert main(["load-catalogue"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "checklists": len(checklists),
        "checklist_items": len(items),
        "frozen": 0,
    }
    assert main(["load-catalogue"]) == 0  # the same catalogue again: no new versions for the clients to pull
    assert json.loads(capsys.readouterr().out) == {"checklists": 0, "checklist_items": 0, "frozen": 0}
    with TestClient(create_app()) as client:
        records, _ = login(client, "root", "root-pw").pull_all()
    assert {k for k in records if k[0] == "checklist_items"} == {("checklist_items", i.id) for i in items}
    assert not [k for k in records if k[0] in ("targets", "plans", "tasks")]  # no demo data came with it
    first = records[("checklist_items", items[0].id)]["data"]
    assert (first["title"], first["legal_basis"]) == (items[0].title, items[0].legal_basis)
