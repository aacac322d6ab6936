"""The public page: lookup, verification (who, what, when), one evaluation after completion by the holder of the
code's evaluation token, refusals in Chinese; the attacks on the form (short code alone, another site, no CSRF token)
come first."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.models import InspectionCode
from server.api import form_guard
from server.codes import request_code
from server.db.tables import UserRow
from server.sync.records import RecordCache, write_records
from tests.server.codes_world import LEGAL_BASIS, complete_inspection, issued, ready, update
from tests.server.world import CHANGNING, World


def _page(world: World, short_code: str) -> Any:
    return world.client.get(f"/c/{short_code}")


SAME_SITE = {"Origin": "http://testserver"}


def _rate(world: World, code: dict[str, Any], headers: dict[str, str] | None = None, **form: str) -> Any:
    """Post the form as the page's browser would: its cookie, a CSRF token made for it, the code's token (unless
    given), from this site (unless `headers` say otherwise)."""
    world.client.get(f"/c/{code['short_code']}")  # sets the browser cookie
    browser = world.client.cookies.get(form_guard.BROWSER_COOKIE)
    fields = {
        "csrf": form_guard.csrf_token(world.client.app.state.keys, code["short_code"], browser),
        "token": code.get("evaluation_token") or "",
        **form,
    }
    url = f"/c/{code['short_code']}/evaluation"
    return world.client.post(
        url, data=fields, headers=SAME_SITE if headers is None else headers, follow_redirects=False
    )


def _evaluations(world: World) -> list[dict[str, Any]]:
    records, _ = world["lead"].pull_all()
    return [c["data"] for key, c in records.items() if key[0] == "evaluations"]


def _completed_code(world: World) -> dict[str, Any]:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    complete_inspection(world["zhang"], code)
    return code


# --- the attacks -----------------------------------------------------------------------------------------------------


def test_the_short_code_alone_cannot_rate(world: World) -> None:
    """The inspector (or anyone who saw the QR code) has the short code, not the party's evaluation token."""
    code = _completed_code(world)
    assert code["evaluation_token"] not in _page(world, code["short_code"]).text  # never on the public page
    for token, status, message in (
        ("", 422, "请输入检查人员交给您的评价码"),
        ("K7QM-3XPA", 403, "评价码不正确"),
        (code["short_code"], 403, "评价码不正确"),
        ("x" * 5000, 403, "评价码不正确"),
    ):
        response = _rate(world, code, token=token, score="5")
        assert response.status_code == status, token[:20]
        assert message in response.text
    assert _evaluations(world) == []


def test_the_token_opens_one_evaluation_only(world: World) -> None:
    code = _completed_code(world)
    typed = code["evaluation_token"].lower().replace("-", " ")  # as a person types it
    assert _rate(world, code, token=typed, score="4").status_code == 303
    again = _rate(world, code, score="1")
    assert (again.status_code, "已评价" in again.text) == (409, True)
    assert [e["score"] for e in _evaluations(world)] == [4]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Referer": "https://evil.example/form.html"},
    ],
)
def test_a_post_from_another_site_is_refused(world: World, headers: dict[str, str]) -> None:
    code = _completed_code(world)
    response = _rate(world, code, headers=headers, score="5")
    assert response.status_code == 403
    assert "请在本站的检查码页面上提交评价" in response.text
    assert _evaluations(world) == []
    referer = {"Referer": f"http://testserver/c/{code['short_code']}"}  # no Origin, but a Referer of this site
    assert _rate(world, code, headers=referer, score="5").status_code == 303


def test_a_form_without_its_csrf_token_is_refused(world: World) -> None:
    code = _completed_code(world)
    keys = world.client.app.state.keys
    for csrf in ("", "1700000000.00", form_guard.csrf_token(keys, code["short_code"], "another-browser-cookie-value")):
        response = _rate(world, code, csrf=csrf, score="5")
        assert response.status_code == 403, csrf
        assert "页面已过期" in response.text
        assert 'name="score"' in response.text  # the page is back with a fresh form
    assert _evaluations(world) == []


def test_the_forms_own_csrf_token_works(world: World) -> None:
    code = _completed_code(world)
    page = _page(world, code["short_code"])
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = _rate(world, code, csrf=csrf, score="3")
    assert response.status_code == 303


def test_public_pages_send_csp_and_refuse_framing(world: World) -> None:
    code = _completed_code(world)
    answers = [
        world.client.get("/c"),
        world.client.get("/c", params={"code": code["short_code"]}, follow_redirects=False),
        _page(world, code["short_code"]),
        _page(world, "K7QM-3XPA"),
        _rate(world, code, headers={"Origin": "https://evil.example"}, score="5"),
    ]
    style = re.search(r"<style>(.*)</style>", answers[0].text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert f"style-src 'sha256-{digest}'" in policy
        assert "form-action 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_completed_tasks_do_not_open_the_evaluation(world: World) -> None:
    """Only the inspection under the code says the visit happened: a lead closing the task does not."""
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    update(world["lead"], "tasks", task.id, status="completed")
    response = _rate(world, code, score="5")
    assert response.status_code == 409
    assert "检查完成后才能评价" in response.text
    assert _evaluations(world) == []


# --- the page and the evaluation -----------------------------------------------------------------------------------


def test_lookup_form_and_typed_codes(world: World) -> None:
    form = world.client.get("/c")
    assert form.status_code == 200
    assert 'name="code"' in form.text
    assert form.headers["content-type"].startswith("text/html")
    typed = world.client.get("/c", params={"code": " k7qm 3xpa "}, follow_redirects=False)
    assert (typed.status_code, typed.headers["location"]) == (303, "/c/K7QM-3XPA")
    bad = world.client.get("/c", params={"code": "not-a-code!"})
    assert bad.status_code == 400
    assert "检查码格式不正确" in bad.text


def test_a_made_up_code_does_not_exist(world: World) -> None:
    for short_code in ("K7QM-3XPA", "<script>"):
        response = _page(world, short_code)
        assert response.status_code == 404
        assert "检查码不存在" in response.text
        assert "<script>" not in response.text


def test_a_genuine_code_shows_who_what_when(world: World) -> None:
    task, items = ready(world)
    code = issued(world["lead"], [task.id])
    response = _page(world, code["short_code"].lower().replace("-", ""))
    assert response.status_code == 200
    text = response.text
    assert "检查码真实有效" in text
    assert "长宁区卫生健康委员会" in text
    assert world.targets[CHANGNING].name in text
    assert world.targets[CHANGNING].credit_code in text
    for name, cert in (("Zhang", "CERT-zhang"), ("Li", "CERT-li")):
        assert name in text
        assert cert in text
    assert "区级双随机抽查" in text
    for item in items:
        assert item.title in text
    assert LEGAL_BASIS in text
    local_until = datetime.fromisoformat(code["valid_until"]).astimezone(UTC) + timedelta(hours=8)
    assert local_until.strftime("%Y年%m月%d日 %H:%M") in text
    assert 'id="not-completed"' in text


def test_evaluation_before_completion_is_refused(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    response = _rate(world, code, score="5")
    assert response.status_code == 409
    assert "检查完成后才能评价" in response.text
    assert _evaluations(world) == []


def test_one_evaluation_after_completion_reaches_the_team_lead(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    complete_inspection(world["zhang"], code)
    assert 'name="score"' in _page(world, code["short_code"]).text
    response = _rate(world, code, score="4", comment="  检查人员态度很好  ")
    assert response.status_code == 303
    assert response.headers["location"] == f"/c/{code['short_code']}#evaluation"
    assert 'id="evaluated"' in _page(world, code["short_code"]).text
    second = _rate(world, code, score="1", comment="再评一次")
    assert second.status_code == 409
    assert "已评价" in second.text
    records, _ = world["lead"].pull_all()
    evaluations = [c["data"] for key, c in records.items() if key[0] == "evaluations"]
    assert [(e["code_id"], e["score"], e["comment"]) for e in evaluations] == [(code["id"], 4, "检查人员态度很好")]
    for username in ("wang", "zhao"):
        other, _ = world[username].pull_all()
        assert not [key for key in other if key[0] == "evaluations"], username


def test_bad_evaluation_input_is_refused_and_kept(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    complete_inspection(world["zhang"], code)
    for form, message in (
        ({"comment": "没有评分"}, "请选择评分"),
        ({"score": "6", "comment": "分数越界"}, "评分须为 1–5 分"),
        ({"score": "abc"}, "评分须为 1–5 分"),
        ({"score": "3", "comment": "长" * 2001}, "评价意见最多 2000 字"),
    ):
        response = _rate(world, code, **form)
        assert response.status_code == 422, form
        assert message in response.text
        assert form.get("comment", "")[:50] in response.text  # what was typed is not lost
    records, _ = world["lead"].pull_all()
    assert not [key for key in records if key[0] == "evaluations"]


def test_revoked_code_says_so_with_the_reason(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    world.client.post(f"/api/codes/{code['id']}/revoke", json={"reason": "人员调整"}, headers=world["lead"].headers)
    text = _page(world, code["short_code"]).text
    assert "检查码已撤销" in text
    assert "人员调整" in text


def _server_write(world: World, code: InspectionCode) -> None:
    with world.client.app.state.sessions() as session:
        cache = RecordCache(session)
        write_records(cache, [code], username="test")
        cache.flush()
        session.commit()


def test_expired_code(world: World) -> None:
    task, _ = ready(world)
    past = datetime.now(UTC) - timedelta(days=3)
    with world.client.app.state.sessions() as session:
        lead = session.get(UserRow, "lead")
        code = request_code(session, world.client.app.state.keys, lead, [task.id], now=past)
        session.commit()
    text = _page(world, code.short_code).text
    assert "检查码已过期" in text
    assert "签名真实" in text


def test_a_tampered_code_is_not_trusted_and_cannot_be_rated(world: World) -> None:
    task, _ = ready(world)
    code = InspectionCode.model_validate(issued(world["lead"], [task.id]))
    complete_inspection(world["zhang"], code.model_dump(mode="json"))
    code.inspector_ids = [*code.inspector_ids[:1], world.inspector_id("wang")]
    _server_write(world, code)
    text = _page(world, code.short_code).text
    assert "检查码无法核验" in text
    assert 'name="score"' not in text
    assert _rate(world, code.model_dump(mode="json"), score="5").status_code == 409


def test_an_oversized_form_is_refused(world: World) -> None:
    task, _ = ready(world)
    code = issued(world["lead"], [task.id])
    complete_inspection(world["zhang"], code)
    response = _rate(world, code, score="5", comment="x" * 70_000)
    assert response.status_code == 413
    assert "提交的内容过长" in response.text
    assert 'name="score"' in _page(world, code["short_code"]).text  # nothing stored
