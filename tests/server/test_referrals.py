"""Referrals at push: a team record written by its leads and the district's admins; an inspector, another team's or
another district's caller is refused; invalid, NUL and huge values are refused; a replay is answered the same."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.models.domain import Referral
from tests.server.world import MEDICAL, PUBLIC, XUHUI, World, mutation


def _letter(team: str = PUBLIC, district: str = "310105", **fields: Any) -> Referral:
    values: dict[str, Any] = {
        "kind": "assistance",
        "direction": "sent",
        "other_department": "长宁区市场监督管理局",
        "document_no": "长卫协〔2026〕3号",
        "dated_on": date(2026, 11, 2),
        "subject": "请协查该单位医疗器械购进渠道",
        "team": team,
        "district": district,
        "answer_due_on": date(2026, 11, 20),
        **fields,
    }
    return Referral(**values)


def _answer(world: World, who: str, *mutations: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r["error"]) for r in world[who].push(*mutations)]


def test_the_team_s_lead_sends_and_answers_and_the_team_sees_it(world: World) -> None:
    letter = _letter()
    assert _answer(world, "lead", mutation(letter)) == [("accepted", None)]
    answer = {"answer": "已协查，购进渠道合法", "answered_on": "2026-11-18"}
    update = mutation(entity="referrals", record_id=letter.id, base_version=1, fields=answer)
    assert _answer(world, "lead", update) == [("accepted", None)]
    seen, _ = world["zhang"].pull_all()
    assert seen[("referrals", letter.id)]["data"]["answered_on"] == "2026-11-18"
    other_team, _ = world["wang"].pull_all()
    assert ("referrals", letter.id) not in other_team


def test_inspectors_other_teams_and_other_districts_are_refused(world: World) -> None:
    assert _answer(world, "zhang", mutation(_letter())) == [("rejected", "forbidden")]  # an inspector
    assert _answer(world, "lead", mutation(_letter(MEDICAL))) == [("rejected", "forbidden")]  # another team
    assert _answer(world, "admin", mutation(_letter(XUHUI, "310104"))) == [("rejected", "forbidden")]
    assert _answer(world, "admin", mutation(_letter(MEDICAL))) == [("accepted", None)]  # the district's admin


def test_invalid_nul_huge_and_replayed(world: World) -> None:
    letter = _letter()
    early = {**letter.model_dump(mode="json"), "answer_due_on": "2026-11-01"}
    for fields in (
        early,
        {**letter.model_dump(mode="json"), "subject": "长" * 2_001},
        {**letter.model_dump(mode="json"), "kind": "phone"},
        {**letter.model_dump(mode="json"), "answered_on": "2026-11-05"},  # a day without an answer
    ):
        assert _answer(world, "lead", mutation(entity="referrals", record_id=letter.id, fields=fields)) == [
            ("rejected", "invalid_record")
        ]
    nul = mutation(
        entity="referrals", record_id=letter.id, fields={**letter.model_dump(mode="json"), "subject": "\x00"}
    )
    assert world["lead"].push_raw(nul).status_code == 422
    first = mutation(letter)
    assert world["lead"].push(first) == world["lead"].push(first)
    records, _ = world["admin"].pull_all()
    assert records[("referrals", letter.id)]["version"] == 1
