"""Load the demo data set (demo/__init__.py) and its users into the server database in bulk."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

import demo
from server.core.security import hash_password
from server.db.tables import UserRow
from server.sync.records import RecordCache, lock_change_log, write_records


def load_demo(session: Session, targets: int, seed: int = 1) -> dict[str, int]:
    """Write every demo record and a login for each demo inspector; returns counts per entity. The caller commits."""
    data = demo.generate(targets=targets, seed=seed)
    records = list(data.all_records())
    lock_change_log(session)
    cache = RecordCache(session)
    write_records(cache, records, username="demo-loader")
    cache.flush()
    existing = set(session.scalars(select(UserRow.username)))
    # Every demo user shares one published password, so one argon2 hash serves them all (hashing is slow on purpose).
    password_hash = hash_password(demo.DEMO_PASSWORD)
    users = [
        {
            "username": i.username,
            "password_hash": password_hash,
            "name": i.name,
            "role": i.role,
            "team": i.team,
            "district": i.district,
            "certificate_no": i.certificate_no,
            "inspector_id": i.id,
            "active": True,
        }
        for i in data.inspectors
        if i.username not in existing
    ]
    if users:
        session.execute(insert(UserRow), users)
    counts: dict[str, int] = {}
    for record in records:
        counts[record.entity] = counts.get(record.entity, 0) + 1
    counts["users"] = len(users)
    return counts
