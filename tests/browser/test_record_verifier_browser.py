"""The public page's record check (`/r`) in a real headless chromium: a business owner types or scans the seal printed
on the site record (执法全过程记录) and reads, in plain Chinese, whether it matches the record on the server."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, expect

from app.models.domain import Inspection, ItemResult
from app.rules import seal_chain
from server.db.engine import make_engine, make_sessionmaker
from server.devices import register_key
from server.sync.records import RecordCache, write_records
from tests.browser.site import Site
from tests.server.test_seal_rule import _public, _seal

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture(scope="module")
def printed(site: Site) -> str:
    """A finished inspection with one result, sealed by zhang's registered device key, written with the server's own
    functions; the seal as the site record prints it."""
    key = Ed25519PrivateKey.generate()
    code = site.completed
    started = Inspection(
        code_id=code.id, target_id=code.target_id, task_ids=code.task_ids, inspector_ids=code.inspector_ids
    )
    result = ItemResult(inspection_id=started.id, code_id=code.id, item_id="item-1", result="compliant")
    finished = started.model_copy(update={"status": "completed", "completed_at": datetime.now(UTC)})
    sealed = _seal(key, finished, code, result)
    engine = make_engine(f"sqlite:///{site.server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            register_key(session, "zhang", "laptop-1", _public(key))
            cache = RecordCache(session)
            write_records(cache, [finished.model_copy(update={"seal": sealed}), result], username="zhang")
            cache.flush()
            session.commit()
    finally:
        engine.dispose()
    return seal_chain.printed_text(json.loads(sealed))


def _check(page: Page, site: Site, typed: str) -> None:
    page.goto(f"{site.url}/r")
    page.fill("#seal", typed)
    page.click("button[type=submit]")


def test_a_printed_record_that_matches_is_valid(site: Site, page: Page, printed: str) -> None:
    _check(page, site, printed[:60] + "\n" + printed[60:])  # typed over two lines from the paper
    expect(page.locator("#status")).to_contain_text("核验通过")
    expect(page.locator("#status")).to_have_class("status ok")


def test_a_changed_record_is_not_valid(site: Site, page: Page, printed: str) -> None:
    prefix, inspection_id, head, signature = printed.split(":")
    other = "f" * 64 if head != "f" * 64 else "e" * 64
    _check(page, site, ":".join([prefix, inspection_id, other, signature]))
    expect(page.locator("#status")).to_contain_text("核验未通过")
    expect(page.locator("#status")).to_have_class("status bad")


def test_an_unknown_record_or_text_cannot_be_told(site: Site, page: Page, printed: str) -> None:
    _check(page, site, printed.replace(printed.split(":")[1], "01a00000-0000-7000-8000-000000000000"))
    expect(page.locator("#status")).to_contain_text("服务器上没有这份检查记录")
    _check(page, site, "<b>x</b><img src=x>")
    expect(page.locator("#status")).to_contain_text("无法识别的封存码")
    expect(page.locator("#seal")).to_have_value("<b>x</b><img src=x>")  # shown as typed, never as markup
    expect(page.locator("img")).to_have_count(0)
