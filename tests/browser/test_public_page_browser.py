"""The public code page in a real headless chromium against the real server process: what a business owner does."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.site import ITEMS, PHONE, Site

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_typing_a_code_verifies_it(site: Site, page: Page) -> None:
    page.goto(f"{site.url}/c")
    page.fill("#code", site.pending.short_code.lower().replace("-", " "))
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{site.url}/c/{site.pending.short_code}")
    expect(page.locator("#status")).to_contain_text("检查码真实有效")
    expect(page.locator("#target-name")).to_have_text("长宁区游泳馆")
    expect(page.locator("#inspectors li")).to_have_count(2)
    expect(page.locator("#inspectors")).to_contain_text("张伟")
    expect(page.locator("#inspectors")).to_contain_text("CERT-zhang")
    expect(page.locator("#items li")).to_have_count(len(ITEMS))
    expect(page.locator("#items")).to_contain_text(ITEMS[0][1])


def test_evaluation_before_completion_is_refused(site: Site, page: Page) -> None:
    page.goto(f"{site.url}/c/{site.pending.short_code}")
    expect(page.locator("#not-completed")).to_contain_text("检查完成后")
    expect(page.locator("input[name=score]")).to_have_count(0)
    form = {"score": "5", "token": site.pending.evaluation_token or ""}
    response = page.request.post(f"{site.url}/c/{site.pending.short_code}/evaluation", form=form, max_redirects=0)
    assert response.status == 403  # no form on the page, so no CSRF token: nothing is even looked at
    assert "页面已过期" in response.text()


def test_the_page_keeps_its_style_under_its_csp(site: Site, page: Page) -> None:
    response = page.goto(f"{site.url}/c/{site.pending.short_code}")
    assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    header = page.locator("header")
    expect(header).to_have_css("background-color", "rgb(11, 92, 173)")  # the inline style ran: its hash is allowed


def test_a_form_on_another_site_cannot_rate(site: Site, page: Page) -> None:
    """A page elsewhere posts a rating to the code (the inspector's own "evaluation", say): refused by Origin."""
    code = site.completed
    page.set_content(
        f'<form method="post" action="{site.url}/c/{code.short_code}/evaluation">'
        f'<input name="score" value="5"><input name="token" value="{code.evaluation_token}">'
        '<button type="submit">go</button></form>'
    )
    with page.expect_navigation():
        page.click("button")
    expect(page.locator(".error")).to_contain_text("请在本站的检查码页面上提交评价")


def test_one_evaluation_with_the_token_then_a_second_is_refused(site: Site, browser: Browser) -> None:
    """Two people at the business open the page; a wrong evaluation code is refused and keeps what was typed; the
    first rating with the code handed over on site counts, the second is refused."""
    first, second = (browser.new_context(viewport=PHONE).new_page() for _ in range(2))
    for tab in (first, second):
        tab.goto(f"{site.url}/c/{site.completed.short_code}")
        expect(tab.locator("input[name=score]")).to_have_count(5)
    first.fill("#token", "K7QM-3XPA")
    first.check("input[name=score][value='4']")
    first.fill("#comment", "检查规范，出示了检查码")
    first.click("#evaluation button[type=submit]")
    expect(first.locator("#evaluation .error")).to_contain_text("评价码不正确")
    expect(first.locator("#comment")).to_have_value("检查规范，出示了检查码")
    first.fill("#token", (site.completed.evaluation_token or "").lower().replace("-", ""))
    first.check("input[name=score][value='4']")
    first.click("#evaluation button[type=submit]")
    expect(first.locator("#evaluated")).to_contain_text("本次检查已评价")
    second.fill("#token", site.completed.evaluation_token or "")
    second.check("input[name=score][value='1']")
    second.click("#evaluation button[type=submit]")
    expect(second.locator("#evaluation .error")).to_contain_text("本次检查已评价")
    expect(second.locator("#evaluated")).to_be_visible()
    for tab in (first, second):
        tab.context.close()


def test_a_made_up_code_does_not_exist(site: Site, page: Page) -> None:
    response = page.goto(f"{site.url}/c/K7QM-3XPA")
    assert response is not None and response.status == 404
    expect(page.locator("#status")).to_contain_text("检查码不存在")
    page.click("text=重新输入检查码")
    page.fill("#code", "0000")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("检查码格式不正确")
