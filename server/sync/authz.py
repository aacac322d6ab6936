"""Who may write what: one declarative table, entity × field group × operation × role × relation.

A write is allowed when every field it changes is covered by a grant for the caller's role whose relation holds
between the caller and the record, before the write (what is stored) and after it (what it would become): an
inspector cannot add herself to a task, nor move a record out of her team. Push judges every mutation with it and the
code routes judge their actions with it (`permits`). docs/ARCHITECTURE.md prints the table (`render_markdown`), and
tests/server/test_authz_matrix.py drives every route with every kind of caller from it.

Inspection codes and evaluations have no write grant: only the server makes them (申码, the public page). Nor has a
target's grade (SERVER_ONLY): the server's grading (server/grading.py) writes it, and its rule-made 无事不扰 exemption
(do_not_disturb_by = rule) is written by no one else; a lead records a decision (do_not_disturb_by = decision) or
lifts an exemption.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from app.models import ENTITY_MODELS, Role, TaskCategory, TaskStatus
from server.sync.scope import Actor, Scope


class Relation(StrEnum):
    """How the caller stands to the record (or, for a route, to the records the action names)."""

    SHARED = "shared"  # a shared catalogue record (no district)
    DISTRICT = "district"  # a record of the caller's district
    OWN_TEAM = "own_team"  # a record of the caller's team, in the caller's district
    OWN_TASK = "own_task"  # a task the caller is assigned to, as stored
    ON_CODE = "on_code"  # on-site work under a code naming the caller (the code rule: server/sync/code_rule.py)
    SELF = "self"  # a declaration about the caller herself (her recusal), in her own team
    FOLLOW_UP = "follow_up"  # a planned 复查 task for a target whose code names the caller, for that code's inspectors
    INSPECTED = "inspected"  # a case (立案) or a body-camera file of an inspection the caller inspected
    # the blob routes (server/api/routes/blobs.py): a photo's or signature's file
    RECORD_AUTHOR = "record_author"  # the caller set the file's hash on a record she can see
    OWN_UPLOAD = "own_upload"  # an upload this user's device declared
    VISIBLE_RECORD = "visible_record"  # a record referencing the file is visible to the caller


ALL = "*"
CREATE, UPDATE, DELETE = "create", "update", "delete"
CRUD = frozenset({CREATE, UPDATE, DELETE})
# Route actions on codes (server/codes.py): 申码, revoke, read the use log, report a use (亮码).
REQUEST, REVOKE, READ_USES, LOG_USE = "request", "revoke", "read_uses", "log_use"
# Route actions on blobs: declare an upload (POST), append to it (PATCH), learn of it (HEAD).
DECLARE, APPEND, READ = "declare", "append", "read"
# The conflict inbox (server/conflicts.py): values the server did not keep, listed and resolved by choice.
CONFLICTS = "conflicts"
LIST, RESOLVE = "list", "resolve"
# Signed-in devices (server/devices.py): their tokens listed and revoked (LIST, REVOKE), a lost laptop shut out.
DEVICES = "devices"
# Imports of the district's own data (server/imports): its targets and its users, from their exports.
IMPORTS = "imports"
IMPORT_TARGETS, IMPORT_USERS, IMPORT_CATALOGUE = "targets", "users", "catalogue"
# Credit and risk signals filed by hand for a target (server/signals.py): credit repair, complaints found true, …
GRADE_SIGNALS, FILE = "grade_signals", "file"

INSPECTOR, LEAD, ADMIN = frozenset({Role.INSPECTOR}), frozenset({Role.TEAM_LEAD}), frozenset({Role.ADMIN})
ANYONE = INSPECTOR | LEAD | ADMIN

# Fields an inspector may change on records that are otherwise the leads': what she learns or does on site.
FIELD_GROUPS: dict[str, dict[str, frozenset[str]]] = {
    "targets": {
        "site_facts": frozenset({"address", "street", "licences"}),
        # 信用+风险 (issue 16): computed by the server's grading only
        "grading": frozenset(
            {
                "grade",
                "grade_reasons",
                "grade_score",
                "grade_version",
                "graded_at",
                "grade_explanation",
                "grade_history",
            }
        ),
        # 无事不扰: by a lead's decision (granted below) or by the grading's rule (the server's alone)
        "exemption": frozenset(
            {"do_not_disturb", "do_not_disturb_by", "do_not_disturb_reason", "do_not_disturb_until"}
        ),
    },
    "tasks": {"site_status": frozenset({"status", "completed_on"})},
}
# Groups an "all" grant leaves out: a group with no grant of its own is the server's alone (no push may change it;
# a new record may only carry the model's defaults there).
SET_APART: dict[str, frozenset[str]] = {"targets": frozenset({"grading", "exemption"})}
BOOKKEEPING = frozenset({"id", "version", "updated_at"})  # set on every save; no grant needed
SITE_ENTITIES = ("inspections", "item_results", "evidence", "signatures", "correction_orders", "amendments")
INSPECTED_ENTITIES = ("cases", "recordings")  # written after the visit by the inspection's inspectors
TEAM_PLANNING = ("plans", "merge_decisions", "sampling_draws", "penalties", "recusals", "referrals")


@dataclass(frozen=True)
class Grant:
    entity: str
    fields: str  # a group of FIELD_GROUPS[entity], or ALL
    ops: frozenset[str]
    roles: frozenset[str]
    relation: Relation
    values: Mapping[str, frozenset[str]] = field(default_factory=dict)  # allowed values of fields under this grant
    # values which, held by the record after the write, take every field of this grant out of the caller's hands
    barred: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def bars(self, after: Side | None) -> bool:
        if not self.barred or after is None:
            return False
        return any(after.data.get(k) in v for k, v in self.barred.items())


def _each(entities: Iterable[str], *grants: tuple[str, frozenset[str], frozenset[str], Relation]) -> list[Grant]:
    return [Grant(e, fields, ops, roles, rel) for e in entities for fields, ops, roles, rel in grants]


GRANTS: tuple[Grant, ...] = (
    *_each(("checklists", "checklist_items"), (ALL, CRUD, ADMIN, Relation.SHARED)),
    Grant("inspectors", ALL, CRUD, ADMIN, Relation.DISTRICT),
    *_each(("targets", "complaints"), (ALL, CRUD, LEAD | ADMIN, Relation.DISTRICT)),
    Grant("targets", "site_facts", frozenset({UPDATE}), INSPECTOR, Relation.DISTRICT),
    Grant(
        "targets",
        "exemption",
        CRUD,
        LEAD | ADMIN,
        Relation.DISTRICT,
        barred={"do_not_disturb_by": frozenset({"rule"})},  # a rule-made exemption is the grading's
    ),
    *_each(("tasks", *TEAM_PLANNING), (ALL, CRUD, LEAD, Relation.OWN_TEAM), (ALL, CRUD, ADMIN, Relation.DISTRICT)),
    Grant("recusals", ALL, frozenset({CREATE, UPDATE}), INSPECTOR, Relation.SELF),
    Grant(
        "tasks",
        "site_status",
        frozenset({UPDATE}),
        ANYONE,
        Relation.OWN_TASK,
        {"status": frozenset({TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED})},
    ),
    Grant("tasks", ALL, frozenset({CREATE}), ANYONE, Relation.FOLLOW_UP),
    # cases (立案) from a finished inspection: its inspectors, the team's leads, the district's admins; who decides and
    # who reviews (法制审核) is the case rule's (server/case_rule.py)
    Grant("cases", ALL, frozenset({CREATE, UPDATE}), INSPECTOR, Relation.INSPECTED),
    *_each(("cases",), (ALL, CRUD, LEAD, Relation.OWN_TEAM), (ALL, CRUD, ADMIN, Relation.DISTRICT)),
    # body-camera files (执法记录仪), imported after the visit by the inspection's inspectors
    Grant("recordings", ALL, CRUD, ANYONE, Relation.INSPECTED),
    *_each(SITE_ENTITIES, (ALL, CRUD, ANYONE, Relation.ON_CODE)),
    # the code routes
    Grant("inspection_codes", ALL, frozenset({REQUEST}), ANYONE, Relation.OWN_TASK),
    Grant("inspection_codes", ALL, frozenset({REQUEST, REVOKE, READ_USES}), LEAD, Relation.OWN_TEAM),
    Grant("inspection_codes", ALL, frozenset({REQUEST, REVOKE, READ_USES}), ADMIN, Relation.DISTRICT),
    Grant("inspection_codes", ALL, frozenset({LOG_USE}), ANYONE, Relation.ON_CODE),
    Grant("blobs", ALL, frozenset({DECLARE}), ANYONE, Relation.RECORD_AUTHOR),
    Grant("blobs", ALL, frozenset({APPEND, READ}), ANYONE, Relation.OWN_UPLOAD),
    Grant("blobs", ALL, frozenset({READ}), ANYONE, Relation.VISIBLE_RECORD),
    # the conflict inbox
    Grant(CONFLICTS, ALL, frozenset({LIST, RESOLVE}), LEAD, Relation.OWN_TEAM),
    Grant(CONFLICTS, ALL, frozenset({LIST, RESOLVE}), ADMIN, Relation.DISTRICT),
    # signed-in devices
    Grant(DEVICES, ALL, frozenset({LIST, REVOKE}), ADMIN, Relation.DISTRICT),
    # imports of targets and users, into the admin's own district
    Grant(IMPORTS, ALL, frozenset({IMPORT_TARGETS, IMPORT_USERS}), ADMIN, Relation.DISTRICT),
    Grant(IMPORTS, ALL, frozenset({IMPORT_CATALOGUE}), ADMIN, Relation.SHARED),  # the shared checklist catalogue
    # grading signals filed for a target of the admin's district (it is re-graded at once)
    Grant(GRADE_SIGNALS, ALL, frozenset({FILE}), ADMIN, Relation.DISTRICT),
)


def permits(actor: Actor, entity: str, op: str, holds: Callable[[Relation], bool]) -> bool:
    """Whether a whole-record grant lets `actor` do `op` on `entity`, given which relations hold (the routes)."""
    return any(
        g.entity == entity and g.fields == ALL and op in g.ops and actor.role in g.roles and holds(g.relation)
        for g in GRANTS
    )


class Facts:
    """What relations need beyond the record itself; push supplies the code rule's answers."""

    def on_code(self, entity: str, data: dict[str, Any]) -> bool:
        return False

    def holds_code_for(self, target_id: str, inspector_ids: list[str]) -> bool:
        return False

    def inspected(self, inspection_id: str) -> bool:
        return False


@dataclass(frozen=True)
class Side:
    """A record as stored (before) or as it would be written (after)."""

    data: dict[str, Any]
    scope: Scope


def relation_holds(relation: Relation, actor: Actor, entity: str, side: Side, facts: Facts) -> bool:
    data, scope = side.data, side.scope
    in_district = scope.district is not None and scope.district == actor.district
    match relation:
        case Relation.SHARED:
            return scope.district is None
        case Relation.DISTRICT:
            return in_district
        case Relation.OWN_TEAM:
            return in_district and scope.team == actor.team
        case Relation.OWN_TASK:
            return entity == "tasks" and in_district and _assigned(actor, data)
        case Relation.ON_CODE:
            return facts.on_code(entity, data)
        case Relation.SELF:
            mine = actor.inspector_id is not None and data.get("inspector_id") == actor.inspector_id
            return mine and in_district and scope.team == actor.team
        case Relation.FOLLOW_UP:
            follow_up = data.get("category") == TaskCategory.FOLLOW_UP and data.get("status") == TaskStatus.PLANNED
            inspectors = list(data.get("inspector_ids") or [])
            return follow_up and in_district and facts.holds_code_for(data.get("target_id") or "", inspectors)
        case Relation.INSPECTED:
            return entity in INSPECTED_ENTITIES and in_district and facts.inspected(data.get("inspection_id") or "")
    return False


def _assigned(actor: Actor, data: dict[str, Any]) -> bool:
    return actor.inspector_id is not None and actor.inspector_id in (data.get("inspector_ids") or [])


def refused_fields(
    actor: Actor, entity: str, op: str, before: Side | None, after: Side | None, changed: Iterable[str], facts: Facts
) -> list[str]:
    """The changed fields no grant covers (a delete is judged as one change of the whole record); [] = allowed."""
    sides = [s for s in (before, after) if s is not None]
    cache: dict[Relation, bool] = {}

    def holds(relation: Relation) -> bool:
        if relation not in cache:
            cache[relation] = all(relation_holds(relation, actor, entity, s, facts) for s in sides)
        return cache[relation]

    names = {ALL} if op == DELETE else set(changed) - BOOKKEEPING
    if op == CREATE and after is not None:
        defaults = _server_defaults(entity)
        names -= {n for n in names & defaults.keys() if after.data.get(n) == defaults[n]}
    for g in _grants_of(entity):  # each grant takes the names it covers off the set; what is left is refused
        if not names:
            break
        if op not in g.ops or actor.role not in g.roles or g.bars(after):
            continue
        covered = _covered(g, entity, names, after)
        if covered and holds(g.relation):
            names -= covered
    return sorted(names)


def _covered(g: Grant, entity: str, names: set[str], after: Side | None) -> set[str]:
    """The names `g` covers: set operations, as push asks this for every field of every record."""
    if ALL in names:
        return {ALL} if g.fields == ALL else set()
    covered = names - _set_apart(entity) if g.fields == ALL else names & _group(entity, g.fields)
    for name, allowed in g.values.items():  # a field this grant covers only with some values
        if name in covered and (after is None or after.data.get(name) not in allowed):
            covered.discard(name)
    return covered


@cache
def _set_apart(entity: str) -> frozenset[str]:
    groups = FIELD_GROUPS.get(entity, {})
    return frozenset().union(*(groups[g] for g in SET_APART.get(entity, ())))


@cache
def _group(entity: str, name: str) -> frozenset[str]:
    return FIELD_GROUPS.get(entity, {}).get(name, frozenset())


@cache  # the table is a constant: push asks this for every field of every new record
def server_only(entity: str) -> frozenset[str]:
    """The fields of `entity` no grant covers: the server's alone."""
    groups = FIELD_GROUPS.get(entity, {})
    granted = {g.fields for g in GRANTS if g.entity == entity}
    return frozenset().union(*(groups[n] for n in SET_APART.get(entity, ()) if n not in granted))


@cache  # made once (pydantic deep-copies a mutable default at every call); only compared, never handed out
def _server_defaults(entity: str) -> dict[str, Any]:
    """The server-only fields of `entity` with the model's default: a new record that leaves one there sets
    nothing the caller may not."""
    model = ENTITY_MODELS.get(entity)
    fields = model.model_fields if model else {}
    return {n: fields[n].get_default(call_default_factory=True) for n in server_only(entity) if n in fields}


@cache
def _grants_of(entity: str) -> tuple[Grant, ...]:
    return tuple(g for g in GRANTS if g.entity == entity)


def render_markdown() -> str:
    """The table as docs/ARCHITECTURE.md prints it (a test keeps the two equal)."""
    lines = ["| entity | fields | operations | roles | relation |", "|---|---|---|---|---|"]
    for g in GRANTS:
        fields = "all" if g.fields == ALL else f"{g.fields}: {', '.join(sorted(FIELD_GROUPS[g.entity][g.fields]))}"
        if g.values:
            fields += " (" + "; ".join(f"{k} ∈ {', '.join(sorted(v))}" for k, v in g.values.items()) + ")"
        if g.barred:
            fields += " (" + "; ".join(f"not when {k} = {', '.join(sorted(v))}" for k, v in g.barred.items()) + ")"
        ops = ", ".join(sorted(g.ops))
        roles = ", ".join(sorted(g.roles))
        lines.append(f"| {g.entity} | {fields} | {ops} | {roles} | {g.relation} |")
    for entity in SET_APART:
        only = server_only(entity)
        if only:
            lines.append(f"| {entity} | server only: {', '.join(sorted(only))} | none | none | (server/grading.py) |")
    return "\n".join(lines)
