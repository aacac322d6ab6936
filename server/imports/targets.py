"""Targets (检查对象) imported from a district's export: checked row by row, matched to the district's targets by
credit code, created or updated, and reported.

A row is refused, with every reason found, when its credit code fails GB 32100 (unless the file states why an early
pilot code is accepted), its street is not one of the district's (resources/districts/<district>.json), its industry
is unknown, a licence date is not a date, a required cell is empty, or its credit code appeared on an earlier row of
the file. Importing the same file again changes nothing; a changed row updates the target with that credit code and
the report says which fields changed from what to what. Grades, do-not-disturb and everything else the district
has recorded about a target are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Target
from app.models.domain import utcnow
from app.models.enums import INDUSTRY_ZH, Industry
from app.models.ids import new_id
from app.models.imports import ChangedRow, FieldChange, ImportReport, RefusedRow
from app.resources import resource_dir
from app.rules import credit_code as cc
from server.db.tables import RecordRow
from server.imports.reader import FileRefusal, Progress, Row, counted, first_error, read_table
from server.sync.records import RecordCache, lock_change_log, write_records

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("名称", "企业名称", "单位名称", "机构名称", "主体名称", "检查对象名称", "经营者名称", "市场主体名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "credit_code"),
    "address": ("地址", "经营地址", "经营场所", "住所", "注册地址", "单位地址", "实际经营地址", "address"),
    "street": ("街道", "所属街道", "街镇", "所属街镇", "街道镇", "street"),
    "industry": ("行业", "行业类别", "专业类别", "监管类别", "检查对象类型", "对象类别", "industry"),
    "licence_name": ("许可证名称", "证照名称", "许可类型", "许可证种类"),
    "licence_no": ("许可证号", "许可证编号", "证照编号", "许可证书编号", "许可证件号"),
    "licence_expiry": ("有效期至", "许可证有效期", "有效期截止日期", "有效截止日期", "有效期", "许可证有效期至"),
    "credit_code_override": ("信用代码说明", "校验例外原因", "代码例外说明"),
}
REQUIRED = ("name", "credit_code", "address", "street", "industry")
COMPARED = ("name", "address", "street", "industry", "licences", "credit_code_override")  # what a re-import updates

# Words the exports use for our industries, beside the names of INDUSTRY_ZH and the code names themselves.
INDUSTRY_WORDS: dict[str, Industry] = {
    **{zh: industry for industry, zh in INDUSTRY_ZH.items()},
    **{industry.value: industry for industry in Industry},
    "医院": Industry.MEDICAL,
    "门诊部": Industry.MEDICAL,
    "诊所": Industry.MEDICAL,
    "社区卫生服务中心": Industry.MEDICAL,
    "医疗美容机构": Industry.MEDICAL_AESTHETICS,
    "口腔": Industry.DENTAL,
    "口腔门诊部": Industry.DENTAL,
    "中医": Industry.TCM_CLINIC,
    "美容美发场所": Industry.BEAUTY_SALON,
    "美容店": Industry.BEAUTY_SALON,
    "美发店": Industry.BEAUTY_SALON,
    "理发店": Industry.BEAUTY_SALON,
    "宾馆": Industry.HOTEL,
    "旅馆": Industry.HOTEL,
    "酒店": Industry.HOTEL,
    "住宿场所": Industry.HOTEL,
    "游泳馆": Industry.SWIMMING,
    "游泳池": Industry.SWIMMING,
    "集中式供水": Industry.DRINKING_WATER,
    "二次供水": Industry.DRINKING_WATER,
    "供水单位": Industry.DRINKING_WATER,
    "现制现售饮用水设备": Industry.WATER_VENDING,
    "现制现售水": Industry.WATER_VENDING,
    "用人单位": Industry.OCCUPATIONAL,
    "消毒产品生产企业": Industry.DISINFECTION_PRODUCTS,
    "放射诊疗": Industry.RADIATION,
    "学校": Industry.SCHOOL,
    "托幼机构": Industry.SCHOOL,
    "母婴护理机构": Industry.POSTPARTUM_CARE,
    "月子会所": Industry.POSTPARTUM_CARE,
}
_LIST_SPLIT = re.compile(r"[;；\n]+")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@cache
def district_streets(district: str) -> tuple[str, ...]:
    """The district's streets (and towns) from resources/districts/<district>.json."""
    path = resource_dir() / "districts" / f"{district}.json"
    if not path.is_file():
        raise FileRefusal(
            422,
            "no_street_list",
            f"没有辖区 {district} 的街道清单（resources/districts/{district}.json） / "
            f"no street list for district {district}",
        )
    return tuple(json.loads(path.read_text(encoding="utf-8"))["streets"])


def match_street(text: str, streets: tuple[str, ...]) -> str | None:
    """The district's street a cell names: 华阳路街道, 华阳路, 长宁区华阳路街道 all name 华阳路街道."""
    text = re.sub(r"\s", "", text)
    for street in streets:
        short = street.removesuffix("街道")
        if text in (street, short) or text.endswith(street) or (short != street and text.endswith(short)):
            return street
    return None


def parse_day(text: str) -> date | None:
    """2028-03-01, 2028/3/1, 2028.03.01, 2028年3月1日, 20280301; None for anything else."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@dataclass
class _Checked:
    row: Row
    fields: dict[str, Any] = field(default_factory=dict)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, bilingual message)

    def refuse(self, code: str, zh: str, en: str) -> None:
        self.reasons.append((code, f"{zh} / {en}"))


def _licences(checked: _Checked) -> list[dict[str, Any]]:
    """Each licence as a record: its kind (许可证名称), number (许可证号) and expiry (有效期至), as a target keeps
    it."""
    row = checked.row

    def split(name: str) -> list[str]:
        return [part.strip() for cell in row.all(name) for part in _LIST_SPLIT.split(cell)]

    names, numbers, expiries = split("licence_name"), split("licence_no"), split("licence_expiry")
    licences: list[dict[str, Any]] = []
    for index in range(max(len(names), len(numbers), len(expiries))):
        name = names[index] if index < len(names) else ""
        number = numbers[index] if index < len(numbers) else ""
        expiry = expiries[index] if index < len(expiries) else ""
        if not (name or number or expiry):
            continue
        day = parse_day(expiry) if expiry else None
        if expiry and day is None:
            checked.refuse(
                "bad_date", f"许可证有效期不是日期：{expiry}", f"the licence's expiry is not a date: {expiry}"
            )
            continue
        licences.append(
            {"kind": name or "许可证", "number": number or None, "expires_on": day.isoformat() if day else None}
        )
    return licences


def check_row(row: Row, district: str, streets: tuple[str, ...]) -> _Checked:
    """Every reason to refuse the row (none: `fields` are the target's)."""
    checked = _Checked(row)
    name, address = row.first("name"), row.first("address")
    override = row.first("credit_code_override") or None
    code = cc.normalize(row.first("credit_code"))
    for value, label_zh, label_en in ((name, "名称", "name"), (address, "地址", "address")):
        if not value:
            checked.refuse("missing_field", f"{label_zh}为空", f"the {label_en} is empty")
    if not code:
        checked.refuse("missing_field", "统一社会信用代码为空", "the credit code is empty")
    elif override is None:
        try:
            cc.validate(code)
        except cc.CreditCodeError as exc:
            checked.refuse("bad_credit_code", exc.zh, exc.en)
    street_text = row.first("street")
    street = match_street(street_text, streets) if street_text else None
    if street is None:
        checked.refuse(
            "unknown_street",
            f"街道不在本辖区街道清单中：{street_text or '（空）'}",
            f"the street is not one of the district's: {street_text or '(empty)'}",
        )
    industry_text = re.sub(r"\s", "", row.first("industry"))
    industry = INDUSTRY_WORDS.get(industry_text) or INDUSTRY_WORDS.get(industry_text.lower())
    if industry is None:
        checked.refuse(
            "unknown_industry",
            f"行业无法识别：{industry_text or '（空）'}",
            f"the industry is not known: {industry_text or '(empty)'}",
        )
    licences = _licences(checked)
    checked.fields = {
        "credit_code": code,
        "credit_code_override": override,
        "name": name,
        "address": address,
        "street": street,
        "industry": industry.value if industry else None,
        "licences": licences,
        "district": district,
    }
    return checked


def _existing(session: Session, district: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """The district's live targets by credit code: id and data (the oldest record when a code is there twice)."""
    records = RecordRow.__table__
    rows = session.execute(
        select(records.c.id, records.c.data)
        .where(records.c.entity == "targets", records.c.district == district, records.c.deleted.is_(False))
        .order_by(records.c.id.desc())
    )
    return {row.data.get("credit_code"): (row.id, row.data) for row in rows}


def _refused(checked: _Checked) -> RefusedRow:
    return RefusedRow(
        row=checked.row.number,
        key=checked.row.first("credit_code"),
        name=checked.row.first("name"),
        reasons=[c for c, _m in checked.reasons],
        messages=[m for _c, m in checked.reasons],
    )


def import_targets(
    session: Session,
    data: bytes,
    *,
    district: str,
    username: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then (unless `dry_run`) write the new and changed targets in one flush. The caller commits.

    Raises FileRefusal when the file as a whole cannot be imported (unreadable, a required column missing)."""
    streets = district_streets(district)
    if progress is not None:
        progress("reading", 0, 0)
    table = read_table(data, COLUMN_ALIASES, REQUIRED)
    existing = _existing(session, district)
    first_row: dict[str, int] = {}
    refused: list[RefusedRow] = []
    created: list[ChangedRow] = []
    updated: list[ChangedRow] = []
    records: list[Target] = []
    unchanged = 0
    for row in counted(table.rows, progress):
        checked = check_row(row, district, streets)
        code = checked.fields["credit_code"]
        if code:
            if code in first_row:
                checked.refuse(
                    "duplicate",
                    f"统一社会信用代码与第 {first_row[code]} 行重复",
                    f"the credit code repeats row {first_row[code]}",
                )
            else:
                first_row[code] = row.number
        if checked.reasons:
            refused.append(_refused(checked))
            continue
        fields = checked.fields
        found = existing.get(code)
        try:
            if found is None:
                target = Target(id=new_id(), **fields)
            else:
                target_id, current = found
                target = Target.model_validate({**current, **fields, "id": target_id, "updated_at": utcnow()})
        except ValidationError as exc:
            checked.refuse("invalid_row", first_error(exc), first_error(exc))
            refused.append(_refused(checked))
            continue
        if found is None:
            records.append(target)
            created.append(ChangedRow(row=row.number, key=code, name=target.name, record_id=target.id))
            continue
        fresh = target.model_dump(mode="json")
        changes = [
            FieldChange(field=name, old=current.get(name), new=fresh[name])
            for name in COMPARED
            if current.get(name) != fresh[name] and not (current.get(name) is None and fresh[name] in (None, []))
        ]
        if not changes:
            unchanged += 1
            continue
        records.append(target)
        updated.append(ChangedRow(row=row.number, key=code, name=target.name, record_id=target.id, changes=changes))
    if not dry_run and records:
        if progress is not None:
            progress("writing", 0, len(records))
        _write(session, records, {c.record_id for c in created}, username)
    return ImportReport.of(
        "targets",
        dry_run=dry_run,
        rows=len(table.rows),
        created=created,
        updated=updated,
        unchanged=unchanged,
        refused=refused,
        ignored_columns=table.ignored,
    )


def _write(session: Session, records: list[Target], new_ids: set[str], username: str) -> None:
    lock_change_log(session)
    cache = RecordCache(session)
    cache.missing.update(("targets", i) for i in new_ids)  # fresh ids: nothing to look up
    write_records(cache, records, username=username)
    cache.flush()
