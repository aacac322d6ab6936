"""Numbered schema migrations. The version is kept in `PRAGMA user_version`.

Each migration is a frozen list of statements: never edit a released one, append a new one. Each runs in its own
transaction together with the version bump, so a file is always at exactly one version.
`tests/store/test_schema.py` checks that every model field has a column, so a new field without a migration fails.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

# Common columns of every entity table: the record's id, server version and time of the last change, plus the local
# sync state (local, sending, sent, conflict, error).
_COMMON = "id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL"
_STATE = "sync_state TEXT NOT NULL DEFAULT 'sent'"

# Foreign keys only where the child is made locally and its parent must already be here (inspection work, tasks);
# the code an inspection runs under is checked by the code gate, not by a key (past codes are not kept locally).
# Pulled data is the server's and may arrive child-first across pages, so apply_remote does not check them.
_V1: Sequence[str] = (
    f"""CREATE TABLE targets ({_COMMON}, credit_code TEXT NOT NULL, credit_code_override TEXT, name TEXT NOT NULL,
        industry TEXT NOT NULL, district TEXT NOT NULL, street TEXT NOT NULL, address TEXT NOT NULL,
        licences TEXT NOT NULL DEFAULT '[]', grade TEXT NOT NULL, grade_reasons TEXT NOT NULL DEFAULT '[]',
        do_not_disturb INTEGER NOT NULL DEFAULT 0, {_STATE})""",
    f"""CREATE TABLE checklists ({_COMMON}, code TEXT NOT NULL, name TEXT NOT NULL, industry TEXT NOT NULL,
        checklist_version INTEGER NOT NULL, {_STATE})""",
    f"""CREATE TABLE checklist_items ({_COMMON}, checklist_id TEXT NOT NULL REFERENCES checklists(id),
        code TEXT NOT NULL, title TEXT NOT NULL, legal_basis TEXT NOT NULL, industry TEXT NOT NULL,
        checklist_version INTEGER NOT NULL, position INTEGER NOT NULL, {_STATE})""",
    f"""CREATE TABLE inspectors ({_COMMON}, name TEXT NOT NULL, username TEXT NOT NULL, certificate_no TEXT,
        role TEXT NOT NULL, team TEXT NOT NULL, district TEXT NOT NULL, department TEXT NOT NULL, {_STATE})""",
    f"""CREATE TABLE plans ({_COMMON}, plan_no TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
        year INTEGER NOT NULL, district TEXT NOT NULL, team TEXT NOT NULL, status TEXT NOT NULL,
        industries TEXT NOT NULL DEFAULT '[]', checklist_ids TEXT NOT NULL DEFAULT '[]', period_start TEXT NOT NULL,
        period_end TEXT NOT NULL, {_STATE})""",
    f"""CREATE TABLE tasks ({_COMMON}, plan_id TEXT NOT NULL REFERENCES plans(id),
        target_id TEXT NOT NULL REFERENCES targets(id), category TEXT NOT NULL, status TEXT NOT NULL,
        close_reason TEXT, team TEXT NOT NULL, district TEXT NOT NULL, inspector_ids TEXT NOT NULL DEFAULT '[]',
        scheduled_on TEXT, due_on TEXT, joint_inspection_id TEXT, department TEXT NOT NULL, {_STATE})""",
    f"""CREATE TABLE inspection_codes ({_COMMON}, short_code TEXT NOT NULL, target_id TEXT NOT NULL,
        target_credit_code TEXT NOT NULL, task_ids TEXT NOT NULL, inspector_ids TEXT NOT NULL,
        checklist_item_ids TEXT NOT NULL DEFAULT '[]', valid_from TEXT NOT NULL, valid_until TEXT NOT NULL,
        issuer TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL, revoked_at TEXT, revoke_reason TEXT,
        {_STATE})""",
    f"""CREATE TABLE inspections ({_COMMON}, code_id TEXT NOT NULL,
        target_id TEXT NOT NULL REFERENCES targets(id), task_ids TEXT NOT NULL, inspector_ids TEXT NOT NULL,
        status TEXT NOT NULL, started_at TEXT NOT NULL, completed_at TEXT, findings TEXT NOT NULL DEFAULT '',
        {_STATE})""",
    f"""CREATE TABLE item_results ({_COMMON}, inspection_id TEXT NOT NULL REFERENCES inspections(id),
        code_id TEXT NOT NULL, item_id TEXT NOT NULL, result TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
        {_STATE})""",
    f"""CREATE TABLE evidence ({_COMMON}, inspection_id TEXT NOT NULL REFERENCES inspections(id),
        code_id TEXT NOT NULL, item_id TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL,
        taken_at TEXT NOT NULL, caption TEXT NOT NULL DEFAULT '', {_STATE})""",
    f"""CREATE TABLE signatures ({_COMMON}, inspection_id TEXT NOT NULL REFERENCES inspections(id),
        code_id TEXT NOT NULL, signer_role TEXT NOT NULL, signer_name TEXT NOT NULL, signer_id TEXT,
        sha256 TEXT NOT NULL, signed_at TEXT NOT NULL, {_STATE})""",
    f"""CREATE TABLE correction_orders ({_COMMON}, inspection_id TEXT NOT NULL REFERENCES inspections(id),
        code_id TEXT NOT NULL, target_id TEXT NOT NULL, item_ids TEXT NOT NULL, requirements TEXT NOT NULL,
        deadline TEXT NOT NULL, follow_up_task_id TEXT, {_STATE})""",
    f"""CREATE TABLE evaluations ({_COMMON}, code_id TEXT NOT NULL, score INTEGER NOT NULL,
        comment TEXT NOT NULL DEFAULT '', {_STATE})""",
    # Local changes waiting to be pushed, in order; a row is deleted once the server has acknowledged it.
    """CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL, record_id TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        base_version INTEGER NOT NULL, fields TEXT NOT NULL, created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)""",
    "CREATE INDEX outbox_record ON outbox(entity, record_id)",
    "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE INDEX targets_name ON targets(name, id)",
    "CREATE INDEX targets_street ON targets(street, name, id)",
    "CREATE INDEX targets_credit_code ON targets(credit_code)",
    "CREATE INDEX checklist_items_checklist ON checklist_items(checklist_id, position)",
    "CREATE INDEX tasks_target ON tasks(target_id)",
    "CREATE INDEX tasks_plan ON tasks(plan_id)",
    "CREATE INDEX inspections_target ON inspections(target_id)",
    "CREATE INDEX item_results_inspection ON item_results(inspection_id)",
    "CREATE INDEX evidence_inspection ON evidence(inspection_id)",
)

# Version 2: Chinese search (FTS5 trigram over name, address, credit code, kept in step by triggers), and the
# bookkeeping the sync client needs for conflicts and resumable blob uploads.
_V2: Sequence[str] = (
    """CREATE VIRTUAL TABLE targets_fts USING fts5(name, address, credit_code, content='targets',
        content_rowid='rowid', tokenize='trigram')""",
    """CREATE TRIGGER targets_fts_ai AFTER INSERT ON targets BEGIN
        INSERT INTO targets_fts(rowid, name, address, credit_code)
        VALUES (new.rowid, new.name, new.address, new.credit_code); END""",
    """CREATE TRIGGER targets_fts_ad AFTER DELETE ON targets BEGIN
        INSERT INTO targets_fts(targets_fts, rowid, name, address, credit_code)
        VALUES ('delete', old.rowid, old.name, old.address, old.credit_code); END""",
    """CREATE TRIGGER targets_fts_au AFTER UPDATE OF name, address, credit_code ON targets BEGIN
        INSERT INTO targets_fts(targets_fts, rowid, name, address, credit_code)
        VALUES ('delete', old.rowid, old.name, old.address, old.credit_code);
        INSERT INTO targets_fts(rowid, name, address, credit_code)
        VALUES (new.rowid, new.name, new.address, new.credit_code); END""",
    "INSERT INTO targets_fts(targets_fts) VALUES ('rebuild')",
    # A conflict keeps both values until someone chooses (DESIGN.md); resolved_at is set when they have.
    """CREATE TABLE conflicts (id TEXT PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL,
        local TEXT NOT NULL, server TEXT NOT NULL, fields TEXT NOT NULL, created_at TEXT NOT NULL,
        resolved_at TEXT)""",
    "CREATE INDEX conflicts_open ON conflicts(entity, record_id) WHERE resolved_at IS NULL",
    # Resumable uploads: how many bytes of each blob the server is known to hold.
    """CREATE TABLE blob_uploads (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, offset INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploading', 'done', 'error')),
        last_error TEXT, updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))""",
)

# Version 3: the on-site workflow's and the planning side's further records (amendments, complaints, recusals, merge
# decisions, penalties, sampling draws) and fields. Not yet released: statements may still be added here.
_V3: Sequence[str] = (
    # planning (issue 7): plan sampling rules, task end and publication dates, recusals, merge decisions, draws,
    # penalties
    "ALTER TABLE plans ADD COLUMN sampling_ratios TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE plans ADD COLUMN exclude_do_not_disturb INTEGER",
    "ALTER TABLE plans ADD COLUMN include_complaints INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE tasks ADD COLUMN completed_on TEXT",
    "ALTER TABLE tasks ADD COLUMN results_published_on TEXT",
    f"""CREATE TABLE recusals ({_COMMON}, inspector_id TEXT NOT NULL, target_id TEXT NOT NULL, reason TEXT NOT NULL,
        declared_at TEXT NOT NULL, team TEXT NOT NULL, district TEXT NOT NULL, {_STATE})""",
    "CREATE INDEX recusals_inspector ON recusals(inspector_id)",
    f"""CREATE TABLE merge_decisions ({_COMMON}, proposal_id TEXT NOT NULL, task_ids TEXT NOT NULL,
        target_id TEXT NOT NULL, accepted INTEGER NOT NULL, joint_inspection_id TEXT, reason TEXT NOT NULL DEFAULT '',
        decided_by TEXT, decided_at TEXT NOT NULL, team TEXT NOT NULL, district TEXT NOT NULL, {_STATE})""",
    "CREATE INDEX merge_decisions_proposal ON merge_decisions(proposal_id)",
    f"""CREATE TABLE sampling_draws ({_COMMON}, plan_id TEXT NOT NULL, seed INTEGER NOT NULL, ratios TEXT NOT NULL,
        exclude_do_not_disturb INTEGER NOT NULL, include_complaints INTEGER NOT NULL, per_task INTEGER NOT NULL,
        pool_size INTEGER NOT NULL, pool_digest TEXT NOT NULL, inspector_digest TEXT NOT NULL,
        target_ids TEXT NOT NULL, assignments TEXT NOT NULL, task_ids TEXT NOT NULL DEFAULT '{{}}',
        inputs TEXT NOT NULL, drawn_by TEXT, drawn_at TEXT NOT NULL, team TEXT NOT NULL, district TEXT NOT NULL,
        {_STATE})""",
    "CREATE INDEX sampling_draws_plan ON sampling_draws(plan_id, drawn_at)",
    f"""CREATE TABLE penalties ({_COMMON}, target_id TEXT NOT NULL, inspection_id TEXT, decision_no TEXT NOT NULL,
        decided_on TEXT NOT NULL, summary TEXT NOT NULL, published_on TEXT, team TEXT NOT NULL,
        district TEXT NOT NULL, {_STATE})""",
    "CREATE INDEX penalties_target ON penalties(target_id)",
    "CREATE INDEX tasks_joint ON tasks(joint_inspection_id) WHERE joint_inspection_id IS NOT NULL",
    # on site (issue 6): amendments to completed inspections, complaints about targets, and the profile's lookups
    f"""CREATE TABLE amendments ({_COMMON}, inspection_id TEXT NOT NULL REFERENCES inspections(id),
        code_id TEXT NOT NULL, record_entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
        old_value TEXT NOT NULL, new_value TEXT NOT NULL, reason TEXT NOT NULL, made_by TEXT, made_at TEXT NOT NULL,
        {_STATE})""",
    "CREATE INDEX amendments_inspection ON amendments(inspection_id, made_at)",
    f"""CREATE TABLE complaints ({_COMMON}, target_id TEXT NOT NULL, received_on TEXT NOT NULL,
        summary TEXT NOT NULL, status TEXT NOT NULL, {_STATE})""",
    "CREATE INDEX complaints_target ON complaints(target_id, received_on)",
    "CREATE INDEX correction_orders_target ON correction_orders(target_id, deadline)",
)
# evaluation by the party only (issue 10): the code's one-time 评价码, shown on the 亮码 screen. A migration of its
# own: stores already at version 3 must get the column too.
_V4: Sequence[str] = ("ALTER TABLE inspection_codes ADD COLUMN evaluation_token TEXT",)

# a store belongs to its user (issue 12): every queued change names who made it; the ones queued before know it from
# whoever was signed in.
_V5: Sequence[str] = (
    "ALTER TABLE outbox ADD COLUMN author TEXT",
    "UPDATE outbox SET author = (SELECT value FROM sync_meta WHERE key = 'user.username')",
)

# the sealed full-process record travels with its inspection (issue 14): the seal, as JSON, once finished.
_V6: Sequence[str] = ("ALTER TABLE inspections ADD COLUMN seal TEXT",)

# 信用+风险 grading (issue 16): the grade's score, explanation, configuration version and newest history on the target;
# why and until when it is exempt (无事不扰); a remote check (无感) and a lead's override on tasks and plans.
_V7: Sequence[str] = (
    "ALTER TABLE targets ADD COLUMN grade_score INTEGER",
    "ALTER TABLE targets ADD COLUMN grade_version TEXT",
    "ALTER TABLE targets ADD COLUMN graded_at TEXT",
    "ALTER TABLE targets ADD COLUMN grade_explanation TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE targets ADD COLUMN grade_history TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE targets ADD COLUMN do_not_disturb_reason TEXT",
    "ALTER TABLE targets ADD COLUMN do_not_disturb_until TEXT",
    "ALTER TABLE targets ADD COLUMN do_not_disturb_by TEXT",
    "ALTER TABLE tasks ADD COLUMN remote INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE tasks ADD COLUMN visit_override_reason TEXT",
    "ALTER TABLE plans ADD COLUMN grade_override_reason TEXT",
)

# a task's checklists (issue 15): those of its plan that fit its target, or its lead's choice.
_V8: Sequence[str] = ("ALTER TABLE tasks ADD COLUMN checklist_ids TEXT NOT NULL DEFAULT '[]'",)

# tasks on named targets (issue 15): a complaint's source, reply deadline and task; a task's other department.
_V9: Sequence[str] = (
    "ALTER TABLE complaints ADD COLUMN source TEXT",
    "ALTER TABLE complaints ADD COLUMN reply_due_on TEXT",
    "ALTER TABLE complaints ADD COLUMN task_id TEXT",
    "ALTER TABLE tasks ADD COLUMN other_department TEXT",
)

# penalties recorded in the app (issue 15): the decision's legal basis and fine.
_V10: Sequence[str] = (
    "ALTER TABLE penalties ADD COLUMN legal_basis TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE penalties ADD COLUMN fine_yuan INTEGER",
)

# the draw's seed committed before the draw (issue 15): its SHA-256 filed with the plan.
_V11: Sequence[str] = ("ALTER TABLE plans ADD COLUMN seed_hash TEXT",)

# 无感 (issue 16): the inspection says it was a remote check, done from documents and data without a visit.
_V12: Sequence[str] = ("ALTER TABLE inspections ADD COLUMN remote INTEGER NOT NULL DEFAULT 0",)

# results record the checklist version they answered (issue 15).
_V13: Sequence[str] = ("ALTER TABLE item_results ADD COLUMN checklist_version INTEGER",)

# the recorded draw keeps what it left out of the pool and why (issue 16): 无事不扰, the yearly cap, the repeat-visit
# guard; and the lead's reason for ratios other than the grades'.
_V14: Sequence[str] = (
    "ALTER TABLE sampling_draws ADD COLUMN left_out TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE sampling_draws ADD COLUMN grade_override_reason TEXT",
)

# case handling (issue 17): cases (立案) opened from a finished inspection's failed items, up to the decision (with its
# credit-repair notice, 两书同达), the legal review and the publication.
_V15: Sequence[str] = (
    f"""CREATE TABLE cases ({_COMMON}, inspection_id TEXT NOT NULL, target_id TEXT NOT NULL, case_no TEXT NOT NULL,
        opened_on TEXT NOT NULL, opened_by TEXT, item_ids TEXT NOT NULL, evidence_ids TEXT NOT NULL DEFAULT '[]',
        facts TEXT NOT NULL, legal_basis TEXT NOT NULL DEFAULT '', procedure TEXT NOT NULL,
        corrected INTEGER NOT NULL DEFAULT 0, repeat_item_ids TEXT NOT NULL DEFAULT '[]', config_version TEXT,
        suggested_outcome TEXT, suggested_fine_min_yuan INTEGER, suggested_fine_max_yuan INTEGER,
        penalty_basis TEXT NOT NULL DEFAULT '', outcome TEXT, fine_yuan INTEGER,
        deviation_reason TEXT NOT NULL DEFAULT '', review_required INTEGER NOT NULL DEFAULT 0, review_result TEXT,
        review_opinion TEXT NOT NULL DEFAULT '', reviewed_by TEXT, reviewed_on TEXT, status TEXT NOT NULL,
        decision_no TEXT, decided_on TEXT, notice_no TEXT, delivered_on TEXT, published_on TEXT, {_STATE})""",
    "CREATE INDEX cases_inspection ON cases(inspection_id)",
    "CREATE INDEX cases_target ON cases(target_id, opened_on)",
)

# the correction order's demands as edited before printing (issue 17): item id -> demand (the catalogue's otherwise).
_V16: Sequence[str] = ("ALTER TABLE correction_orders ADD COLUMN demands TEXT NOT NULL DEFAULT '{}'",)

# complaints closed with a reply (issue 15): the answer given to the complainant and its day.
_V17: Sequence[str] = (
    "ALTER TABLE complaints ADD COLUMN reply TEXT",
    "ALTER TABLE complaints ADD COLUMN replied_on TEXT",
)

# referrals (issue 17): letters sent to and received from other departments (线索移送函, 协查函, 案件移送书), each
# tracked to its answer.
_V18: Sequence[str] = (
    f"""CREATE TABLE referrals ({_COMMON}, kind TEXT NOT NULL, direction TEXT NOT NULL, other_department TEXT NOT NULL,
        document_no TEXT NOT NULL, dated_on TEXT NOT NULL, subject TEXT NOT NULL, target_id TEXT, case_id TEXT,
        answer_due_on TEXT, answered_on TEXT, answer TEXT NOT NULL DEFAULT '', team TEXT NOT NULL,
        district TEXT NOT NULL, {_STATE})""",
    "CREATE INDEX referrals_dated ON referrals(dated_on)",
)

# body-camera files (执法记录仪, issue 17): videos of an inspection by hash and time range, uploaded like photos.
_V19: Sequence[str] = (
    f"""CREATE TABLE recordings ({_COMMON}, inspection_id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
        mime TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, camera TEXT,
        caption TEXT NOT NULL DEFAULT '', imported_by TEXT, {_STATE})""",
    "CREATE INDEX recordings_inspection ON recordings(inspection_id, started_at)",
)

MIGRATIONS: tuple[Sequence[str], ...] = (
    _V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14, _V15, _V16, _V17, _V18, _V19
)  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, upto: int = SCHEMA_VERSION) -> list[int]:
    """Apply the pending migrations up to `upto`, each in one transaction; return the versions applied."""
    applied = []
    for number in range(user_version(db) + 1, upto + 1):
        with db.atomic():
            for statement in MIGRATIONS[number - 1]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    return applied
