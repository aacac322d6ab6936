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
    response = page.request.post(
        f"{site.url}/c/{site.pending.short_code}/evaluation", form={"score": "5"}, max_redirects=0
    )
    assert response.status == 409
    assert "检查完成后才能评价" in response.text()


def test_one_evaluation_then_a_second_is_refused(site: Site, browser: Browser) -> None:
    """Two people at the business open the page; the first rating counts, the second is refused."""
    first, second = (browser.new_context(viewport=PHONE).new_page() for _ in range(2))
    for tab in (first, second):
        tab.goto(f"{site.url}/c/{site.completed.short_code}")
        expect(tab.locator("input[name=score]")).to_have_count(5)
    first.check("input[name=score][value='4']")
    first.fill("#comment", "检查规范，出示了检查码")
    first.click("#evaluation button[type=submit]")
    expect(first.locator("#evaluated")).to_contain_text("本次检查已评价")
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
