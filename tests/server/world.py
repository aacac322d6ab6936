"""A small world to sync in: two districts, two teams, inspectors, a team lead, an admin, and records.

District 310105 has teams 公共场所科 (lead + inspectors zhang, li) and 医疗机构科 (inspector wang);
district 310104 has inspector zhao. Seed records are written directly; tests push through the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from app.models import Inspection, InspectionCode, ItemResult, Plan, Record, Target, Task
from app.models.ids import new_id
from app.rules import codes, credit_code
from server.accounts import create_user
from server.core.security import hash_password

PASSWORD = "pw-123456"
_HASH = hash_password(PASSWORD)  # hashed once: argon2 is slow by design
PUBLIC, MEDICAL = "公共场所科", "医疗机构科"
CHANGNING, XUHUI = "310105", "310104"
USERS = {
    "admin": ("admin", PUBLIC, CHANGNING),
    "lead": ("team_lead", PUBLIC, CHANGNING),
    "zhang": ("inspector", PUBLIC, CHANGNING),
    "li": ("inspector", PUBLIC, CHANGNING),
    "wang": ("inspector", MEDICAL, CHANGNING),
    "zhao": ("inspector", PUBLIC, XUHUI),
}


def mutation(
    record: Record | None = None,
    *,
    entity: str = "",
    record_id: str = "",
    base_version: int = 0,
    fields: dict[str, Any] | None = None,
    op: str = "upsert",
) -> dict[str, Any]:
    """A wire mutation: the whole record for a create, or just `fields` of an update."""
    if fields is None and record is not None:
        fields = record.model_dump(mode="json", exclude={"version"})
    return {
        "mutation_id": new_id(),
        "entity": record.entity if record else entity,
        "id": record.id if record else record_id,
        "op": op,
        "base_version": base_version,
        "fields": fields or {},
    }


def target(district: str = CHANGNING, name: str = "静安宾馆") -> Target:
    serial = new_id().replace("-", "")[-8:].upper().replace("I", "1").replace("O", "0")
    serial = "".join(c if c in "0123456789ABCDEFGHJKLMNPQRTUWXY" else "1" for c in serial)
    return Target(
        credit_code=credit_code.make("91310105" + serial + "0"),
        name=name,
        industry="hotel",
        district=district,
        street="华阳路街道",
        address="长宁路1号",
    )


def plan(team: str = PUBLIC, district: str = CHANGNING) -> Plan:
    return Plan(
        plan_no=f"P-{new_id()[-6:]}",
        name="2025 区抽",
        category="district_random",
        year=2025,
        district=district,
        team=team,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )


@dataclass
class Api:
    client: TestClient
    token: str
    user: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push_raw(self, *mutations: dict[str, Any], device_id: str = "dev-1") -> Any:
        return self.client.post(
            "/api/sync/push", json={"device_id": device_id, "mutations": list(mutations)}, headers=self.headers
        )

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push_raw(*mutations)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull(self, since: int = 0, limit: int = 2000) -> dict[str, Any]:
        response = self.client.get("/api/sync/pull", params={"since": since, "limit": limit}, headers=self.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def pull_all(self, since: int = 0, limit: int = 2000) -> tuple[dict[tuple[str, str], dict[str, Any]], int]:
        """Every visible record (entity, id) -> change, following `has_more`; and the final cursor."""
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        while True:
            page = self.pull(since, limit)
            seen.update({(c["entity"], c["id"]): c for c in page["changes"]})
            since = page["cursor"]
            if not page["has_more"]:
                return seen, since


def login(client: TestClient, username: str, password: str = PASSWORD) -> Api:
    response = client.post("/api/auth/login", json={"username": username, "password": password, "device_id": "dev-1"})
    assert response.status_code == 200, response.text
    body = response.json()
    return Api(client, body["token"], body["user"])


@dataclass
class World:
    client: TestClient
    apis: dict[str, Api] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)

    inspector_ids: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, username: str) -> Api:
        """The user's API, logged in on first use (argon2 verification is slow by design)."""
        if username not in self.apis:
            self.apis[username] = login(self.client, username)
        return self.apis[username]

    @classmethod
    def build(cls, client: TestClient) -> World:
        world = cls(client)
        world.add_users(USERS)
        world._seed()
        return world

    def add_users(self, users: dict[str, tuple[str, str, str]]) -> None:
        """Create users {username: (role, team, district)}, each certified, with the world's one password hash."""
        with self.client.app.state.sessions() as session:
            for username, (role, team, district) in users.items():
                user = create_user(
                    session,
                    username=username,
                    password_hash=_HASH,
                    name=username.title(),
                    role=role,
                    team=team,
                    district=district,
                    certificate_no=f"CERT-{username}",
                )
                self.inspector_ids[username] = user.inspector_id
            session.commit()

    def inspector_id(self, username: str) -> str:
        return self.inspector_ids[username]

    def _seed(self) -> None:
        """A target in each district; a plan and a task for each team, written as the server's own loader would."""
        self.targets = {CHANGNING: target(CHANGNING), XUHUI: target(XUHUI, "徐汇宾馆")}
        for key, team, district in ((PUBLIC, PUBLIC, CHANGNING), (MEDICAL, MEDICAL, CHANGNING), (XUHUI, PUBLIC, XUHUI)):
            self.plans[key] = plan(team, district)
            self.tasks[key] = Task(
                plan_id=self.plans[key].id,
                target_id=self.targets[district].id,
                category="district_random",
                team=team,
                district=district,
            )
        self.insert_directly(*self.targets.values(), *self.plans.values(), *self.tasks.values())

    def insert_directly(self, *records: Record) -> None:
        from server.sync.records import RecordCache, write_records

        with self.client.app.state.sessions() as session:
            cache = RecordCache(session)
            write_records(cache, records, username="seed")
            cache.flush()
            session.commit()

    def code(self, *inspectors: str, team: str = PUBLIC, **window: datetime) -> InspectionCode:
        """A code for the team's task naming `inspectors`, signed with the server's key and stored as 申码 would."""
        task = self.tasks[team]
        now = datetime.now(UTC)
        code = codes.issue(
            target_id=task.target_id,
            target_credit_code=next(t for t in self.targets.values() if t.id == task.target_id).credit_code,
            task_ids=[task.id],
            inspector_ids=[self.inspector_id(u) for u in inspectors],
            checklist_item_ids=[],
            valid_from=window.get("valid_from", now - timedelta(hours=1)),
            valid_until=window.get("valid_until", now + timedelta(hours=8)),
            issuer="长宁区卫生健康委员会",
            private_key=self.client.app.state.keys.current_key,
        )
        self.insert_directly(code)
        return code

    def inspection(self, *inspectors: str, team: str = PUBLIC, code: InspectionCode | None = None) -> Inspection:
        """An inspection under a genuine code (made for `inspectors` unless given)."""
        code = code or self.code(*inspectors, team=team)
        return Inspection(
            code_id=code.id,
            target_id=code.target_id,
            task_ids=code.task_ids,
            inspector_ids=[self.inspector_id(u) for u in inspectors],
        )

    @staticmethod
    def result(inspection: Inspection, value: str = "compliant") -> ItemResult:
        return ItemResult(inspection_id=inspection.id, code_id=inspection.code_id, item_id=new_id(), result=value)
