"""The public re-run of a 双随机 draw (`/d/{id}`) in a real headless chromium: a draw made with the seed committed
before it reads as agreeing, seed hash included; a draw whose recorded result was altered reads as not to be trusted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app.models.domain import Plan, SamplingDraw
from server.db.engine import make_engine, make_sessionmaker
from server.sync.records import RecordCache, write_records
from tests.browser.site import Site
from tests.server.test_draw_commitment import drawn

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture(scope="module")
def draws(site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, SamplingDraw, SamplingDraw]:
    """A committed plan and its draw, and an altered copy of the draw, written with the server's own functions."""
    plan, draw = drawn(tmp_path_factory.mktemp("lead"))
    altered = draw.model_copy(update={"id": draw.id[:-4] + "0bad", "target_ids": draw.target_ids[1:]})
    engine = make_engine(f"sqlite:///{site.server.db_path}")
    try:
        with make_sessionmaker(engine)() as session:
            cache = RecordCache(session)
            write_records(cache, [plan, draw, altered], username="lead")
            cache.flush()
            session.commit()
    finally:
        engine.dispose()
    return plan, draw, altered


def test_a_committed_draw_re_runs_the_same(site: Site, page: Page, draws: tuple) -> None:
    plan, draw, _altered = draws
    page.goto(f"{site.url}/d/{draw.id}")
    expect(page.locator("#status")).to_contain_text("复核一致")
    expect(page.locator("#status")).to_have_class("status ok")
    expect(page.locator("#draw")).to_contain_text(plan.seed_hash)
    expect(page.locator("#draw")).to_contain_text(str(draw.seed))
    page.click("text=下载公布的抽取输入")
    assert str(draw.seed) in page.content()


def test_an_altered_draw_is_not_trusted(site: Site, page: Page, draws: tuple) -> None:
    _plan, _draw, altered = draws
    page.goto(f"{site.url}/d/{altered.id}")
    expect(page.locator("#status")).to_contain_text("复核不一致")
    expect(page.locator("#status")).to_have_class("status bad")
