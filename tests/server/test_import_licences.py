"""Licences as records (kind, number, expiry) instead of text lines (issue 15): the targets import makes them from the
licence columns and refuses a row whose licence carries a NUL, is too long or has a date that is not one; a push with
a malformed licence record is refused; a licence pushed as a text line (an older client) is kept as a record."""

from __future__ import annotations

from typing import Any

from app.rules import credit_code as cc
from tests.server.world import World, mutation, target

HEADER = "企业名称,统一社会信用代码,地址,街道,行业,许可证名称,许可证号,有效期至\n"


def _import(world: World, rows: list[str]) -> dict[str, Any]:
    response = world.client.post(
        "/api/imports/targets",
        content=(HEADER + "".join(r + "\n" for r in rows)).encode(),
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _licences(world: World, code: str) -> list[dict[str, Any]]:
    records, _ = world["admin"].pull_all()
    [data] = [c["data"] for (e, _), c in records.items() if e == "targets" and c["data"]["credit_code"] == code]
    return data["licences"]


def test_the_import_makes_licence_records_and_refuses_bad_ones(world: World) -> None:
    good, huge, bad_date, nul = (cc.make(f"91310105MA1FL0{n}") for n in ("201", "203", "204", "202"))
    rows = [
        f"天山宾馆,{good},天山路1号,天山路街道,宾馆,公共场所卫生许可证;营业执照,沪长卫公字〔2024〕第0101号;,2028-03-01;",
        f"长号宾馆,{huge},天山路3号,天山路街道,宾馆,公共场所卫生许可证,{'号' * 300},2028-03-01",
        f"错日宾馆,{bad_date},天山路4号,天山路街道,宾馆,公共场所卫生许可证,沪长卫公字〔2024〕第0104号,明年三月",
    ]
    report = _import(world, rows)
    assert report["created_count"] == 1, report["refused"]
    reasons = {r["key"]: r["reasons"] for r in report["refused"]}
    assert set(reasons) == {huge, bad_date} and reasons[bad_date] == ["bad_date"]
    assert _licences(world, good) == [
        {"kind": "公共场所卫生许可证", "number": "沪长卫公字〔2024〕第0101号", "expires_on": "2028-03-01"},
        {"kind": "营业执照", "number": None, "expires_on": None},
    ]
    with_nul = HEADER + f"零字宾馆,{nul},天山路2号,天山路街道,宾馆,公共场所卫生许可证,沪长\x00卫公,2028-03-01\n"
    response = world.client.post(
        "/api/imports/targets",
        content=with_nul.encode(),
        headers={**world["admin"].headers, "Content-Type": "application/octet-stream"},
    )
    assert response.status_code == 422  # a NUL: not a spreadsheet's text, the whole file refused


def test_a_pushed_licence_must_be_a_record_or_a_line(world: World) -> None:
    hotel = target(name="推送宾馆")
    fields = hotel.model_dump(mode="json", exclude={"version"})
    bad = [
        {"kind": "卫生许可证", "expires_on": "not a day"},
        {"kind": "卫生许可证", "owner": "someone"},  # a field a licence has not
        {"kind": ""},
    ]
    for licence in bad:
        change = mutation(entity="targets", record_id=hotel.id, fields={**fields, "licences": [licence]})
        answer = world["lead"].push_raw(change)
        assert answer.status_code == 422 or answer.json()["results"][0]["status"] == "rejected", licence
    line = {**fields, "licences": ["卫生许可证 沪长卫公字〔2023〕第0202号 有效期至2027-06-30"]}
    [accepted] = world["lead"].push(mutation(entity="targets", record_id=hotel.id, fields=line))
    assert accepted["status"] == "accepted", accepted
    assert _licences(world, hotel.credit_code) == [
        {"kind": "卫生许可证", "number": "沪长卫公字〔2023〕第0202号", "expires_on": "2027-06-30"}
    ]
