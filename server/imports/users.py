"""Users (监督员, 科室负责人, 管理员) imported from the district's staff list: name, username, 执法证号, team, role.

Matched by username within the admin's district: a new username is a new user with its inspector record (the
password from the file, or a random one shown once in the report); a known one has its name, certificate, team and
role updated (never its password), and made active again if it was not. When the file is the district's whole staff
list (`deactivate_missing`), a user of the district whose username is on no row (left the service) is deactivated,
never deleted: the account cannot sign in, its tokens go, its records and history stay; the preview lists each (the
admin importing is never deactivated). A row is refused when a required cell is empty, the username is malformed,
used on an earlier row or by a user of another district, the role is unknown, or the certificate number is on an
earlier row or held by another user.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Inspector, Role
from app.models.domain import utcnow
from app.models.ids import new_id
from app.models.imports import ChangedRow, FieldChange, ImportReport, RefusedRow
from server.accounts import create_user
from server.core.security import hash_password
from server.db.tables import TokenRow, UserRow
from server.imports.reader import Progress, Row, counted, first_error, read_table
from server.sync.records import RecordCache, lock_change_log, write_records

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "人员姓名", "name"),
    "username": ("用户名", "登录名", "账号", "帐号", "username"),
    "certificate_no": ("执法证号", "执法证件号", "执法证编号", "证件编号", "certificate_no"),
    "team": ("科室", "所属科室", "部门", "处室", "team"),
    "role": ("角色", "岗位", "role"),
    "password": ("初始密码", "密码", "password"),
}
REQUIRED = ("name", "username", "team")
ROLE_WORDS: dict[str, Role] = {
    "": Role.INSPECTOR,
    "监督员": Role.INSPECTOR,
    "执法人员": Role.INSPECTOR,
    "卫生监督员": Role.INSPECTOR,
    "科室负责人": Role.TEAM_LEAD,
    "科长": Role.TEAM_LEAD,
    "组长": Role.TEAM_LEAD,
    "管理员": Role.ADMIN,
    **{role.value: role for role in Role},
}
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MIN_PASSWORD = 8
COMPARED = ("name", "certificate_no", "team", "role")
ACTIVE = "active"


@dataclass
class _Checked:
    row: Row
    values: dict[str, Any] = field(default_factory=dict)
    reasons: list[tuple[str, str]] = field(default_factory=list)

    def refuse(self, code: str, zh: str, en: str) -> None:
        self.reasons.append((code, f"{zh} / {en}"))


def _check(row: Row) -> _Checked:
    checked = _Checked(row)
    name, username, team = row.first("name"), row.first("username"), row.first("team")
    certificate = re.sub(r"\s", "", row.first("certificate_no")) or None
    password = row.first("password")
    for value, zh, en in ((name, "姓名", "name"), (username, "用户名", "username"), (team, "科室", "team")):
        if not value:
            checked.refuse("missing_field", f"{zh}为空", f"the {en} is empty")
    if username and not _USERNAME.match(username):
        checked.refuse(
            "bad_username",
            f"用户名只能含字母、数字和 . _ -：{username}",
            f"a username has letters, digits and . _ - only: {username}",
        )
    role = ROLE_WORDS.get(re.sub(r"\s", "", row.first("role")).lower()) or ROLE_WORDS.get(row.first("role").strip())
    if role is None:
        checked.refuse(
            "unknown_role", f"角色无法识别：{row.first('role')}", f"the role is not known: {row.first('role')}"
        )
    if password and len(password) < MIN_PASSWORD:
        checked.refuse(
            "weak_password",
            f"初始密码至少 {MIN_PASSWORD} 位",
            f"an initial password has at least {MIN_PASSWORD} characters",
        )
    checked.values = {
        "name": name,
        "username": username,
        "team": team,
        "certificate_no": certificate,
        "role": role.value if role else None,
        "password": password,
    }
    return checked


def _refused(checked: _Checked) -> RefusedRow:
    return RefusedRow(
        row=checked.row.number,
        key=checked.row.first("username"),
        name=checked.row.first("name"),
        reasons=[c for c, _m in checked.reasons],
        messages=[m for _c, m in checked.reasons],
    )


def import_users(
    session: Session,
    data: bytes,
    *,
    district: str,
    username: str,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then (unless `dry_run`) create and update the users and, with `deactivate_missing` (the file is
    the district's whole staff list), deactivate the district's users it does not list. The caller commits."""
    if progress is not None:
        progress("reading", 0, 0)
    table = read_table(data, COLUMN_ALIASES, REQUIRED)
    users = {u.username: u for u in session.scalars(select(UserRow))}
    holders = {u.certificate_no: u.username for u in users.values() if u.certificate_no}
    first_username: dict[str, int] = {}
    first_certificate: dict[str, int] = {}
    refused: list[RefusedRow] = []
    created: list[ChangedRow] = []
    updated: list[ChangedRow] = []
    to_create: list[dict[str, Any]] = []
    to_update: list[tuple[UserRow, dict[str, Any]]] = []
    unchanged = 0
    for row in counted(table.rows, progress):
        checked = _check(row)
        values = checked.values
        login, certificate = values["username"], values["certificate_no"]
        if login in first_username:
            checked.refuse(
                "duplicate",
                f"用户名与第 {first_username[login]} 行重复",
                f"the username repeats row {first_username[login]}",
            )
        elif login:
            first_username[login] = row.number
        known = users.get(login)
        if known is not None and known.district != district:
            checked.refuse("username_taken", "该用户名已被其他辖区使用", "the username belongs to another district")
        if certificate:
            if certificate in first_certificate:
                checked.refuse(
                    "duplicate_certificate",
                    f"执法证号与第 {first_certificate[certificate]} 行重复",
                    f"the certificate number repeats row {first_certificate[certificate]}",
                )
            else:
                first_certificate[certificate] = row.number
                holder = holders.get(certificate)
                if holder is not None and holder != login:
                    checked.refuse(
                        "duplicate_certificate",
                        f"执法证号已属于用户 {holder}",
                        f"the certificate number belongs to user {holder}",
                    )
        if not checked.reasons:
            try:
                Inspector(
                    name=values["name"],
                    username=login,
                    certificate_no=certificate,
                    role=values["role"],
                    team=values["team"],
                    district=district,
                )
            except ValidationError as exc:
                checked.refuse("invalid_row", first_error(exc), first_error(exc))
        if checked.reasons:
            refused.append(_refused(checked))
            continue
        if known is None:
            to_create.append(values)
            created.append(ChangedRow(row=row.number, key=login, name=values["name"], record_id=""))
            continue
        changes = [
            FieldChange(field=name, old=getattr(known, name), new=values[name])
            for name in COMPARED
            if getattr(known, name) != values[name]
        ]
        if not known.active:  # listed again: back in service
            changes.append(FieldChange(field=ACTIVE, old=False, new=True))
        if not changes:
            unchanged += 1
            continue
        to_update.append((known, values))
        updated.append(
            ChangedRow(
                row=row.number, key=login, name=values["name"], record_id=known.inspector_id or "", changes=changes
            )
        )
    listed = {row.first("username") for row in table.rows}  # refused rows too: in the file, not left
    leaving = [
        u
        for u in users.values()
        if deactivate_missing
        and u.district == district
        and u.active
        and u.username not in listed
        and u.username != username
    ]
    deactivated = [
        ChangedRow(
            row=0,
            key=u.username,
            name=u.name,
            record_id=u.inspector_id or "",
            changes=[FieldChange(field=ACTIVE, old=True, new=False)],
        )
        for u in sorted(leaving, key=lambda u: (u.team, u.username))
    ]
    passwords: dict[str, str] = {}
    if not dry_run:
        if progress is not None:
            progress("writing", 0, len(to_create) + len(to_update) + len(leaving))
        for values, entry in zip(to_create, created, strict=True):
            password = values["password"] or secrets.token_urlsafe(9)
            if not values["password"]:
                passwords[values["username"]] = password
            user = create_user(
                session,
                username=values["username"],
                password_hash=hash_password(password),
                name=values["name"],
                role=Role(values["role"]),
                team=values["team"],
                district=district,
                certificate_no=values["certificate_no"],
            )
            entry.record_id = user.inspector_id or ""
        _update(session, to_update, district, username)
        _deactivate(session, leaving)
    return ImportReport.of(
        "users",
        dry_run=dry_run,
        rows=len(table.rows),
        created=created,
        updated=updated,
        unchanged=unchanged,
        refused=refused,
        ignored_columns=table.ignored,
        initial_passwords=passwords,
        deactivated=deactivated,
    )


def _deactivate(session: Session, users: list[UserRow]) -> None:
    """Deactivated, never deleted: no sign-in, no token (the devices are signed out), the records kept."""
    for user in users:
        user.active = False
    if users:
        session.execute(delete(TokenRow).where(TokenRow.username.in_([u.username for u in users])))
        session.flush()


def _update(session: Session, to_update: list[tuple[UserRow, dict[str, Any]]], district: str, by: str) -> None:
    """The users' rows and their inspector records (which the clients pull) in one flush."""
    if not to_update:
        return
    lock_change_log(session)
    cache = RecordCache(session)
    records: list[Inspector] = []
    for user, values in to_update:
        for name in COMPARED:
            setattr(user, name, values[name])
        user.active = True
        current = cache.get("inspectors", user.inspector_id) if user.inspector_id else None
        base = dict(current.data) if current else {}
        inspector = Inspector.model_validate(
            {
                **base,
                "id": user.inspector_id or base.get("id") or new_id(),
                "name": values["name"],
                "username": user.username,
                "certificate_no": values["certificate_no"],
                "role": values["role"],
                "team": values["team"],
                "district": district,
                "updated_at": utcnow(),
            }
        )
        user.inspector_id = inspector.id
        records.append(inspector)
    session.flush()
    write_records(cache, records, username=by)
    cache.flush()
