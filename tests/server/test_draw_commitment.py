"""A draw anyone can check, on the server (server/draw_rule.py): a plan's seed hash is filed once; a pushed draw whose
seed does not hash to it is refused; the public page re-runs a recorded draw from its published inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import demo
from app import planning
from app.models.domain import Plan, SamplingDraw
from app.planning.draws import commit_seed, draw_record
from app.rules.sampling import SamplingConfig
from app.store import Store
from tests.server.world import PUBLIC, World, mutation


def drawn(folder: Path) -> tuple[Plan, SamplingDraw]:
    """A demo plan of 公共场所科 with its seed committed, and a draw made with that seed (as the lead's laptop does)."""
    with Store.open(folder / "lead.sqlite3") as store:
        store.save_many(demo.generate(targets=120, seed=3, today=date(2025, 6, 2)).all_records(), synced=True)
        plan = next(p for p in store.find(Plan, team=PUBLIC, category="district_random") if p.year == 2025)
        seed = commit_seed(store, plan.id)
        result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=seed)
        return store.get(Plan, plan.id), draw_record(result, drawn_by="lead")


def test_the_seed_is_committed_and_a_draw_with_another_is_refused(world: World, tmp_path: Path) -> None:
    plan, draw = drawn(tmp_path)
    world.insert_directly(plan.model_copy(update={"seed_hash": None}))
    lead = world["lead"]
    [filed] = lead.push(
        mutation(entity="plans", record_id=plan.id, base_version=1, fields={"seed_hash": plan.seed_hash})
    )
    assert filed["status"] == "accepted", filed
    [again] = lead.push(
        mutation(entity="plans", record_id=plan.id, base_version=filed["version"], fields={"seed_hash": "0" * 64})
    )
    assert (again["status"], again["error"]) == ("rejected", "seed_hash_filed")

    rerolled = draw.model_copy(update={"id": f"{draw.id[:-4]}beef", "seed": draw.seed + 1})
    [refused] = lead.push(mutation(rerolled))
    assert (refused["status"], refused["error"]) == ("rejected", "seed_mismatch")
    [accepted] = lead.push(mutation(draw))
    assert accepted["status"] == "accepted", accepted

    page = world.client.get(f"/d/{draw.id}")
    assert page.status_code == 200 and "复核一致" in page.text and plan.seed_hash in page.text
    assert page.headers["X-Frame-Options"] == "DENY"
    inputs = world.client.get(f"/d/{draw.id}/inputs.json").json()
    assert (inputs["seed"], inputs["seed_hash_filed"]) == (draw.seed, plan.seed_hash)
    assert world.client.get("/d/no-such-draw").status_code == 404


def test_a_tampered_draw_is_told_apart_on_the_public_page(world: World, tmp_path: Path) -> None:
    plan, draw = drawn(tmp_path)
    tampered = draw.model_copy(update={"target_ids": list(reversed(draw.target_ids))})
    world.insert_directly(plan, tampered)  # written behind push's back: the page still checks it
    page = world.client.get(f"/d/{draw.id}")
    assert page.status_code == 200 and "复核不一致" in page.text


def test_a_seed_hash_filed_after_the_plan_was_drawn_is_refused(world: World, tmp_path: Path) -> None:
    """The commitment must come before the pool is drawn: filed afterwards it proves nothing."""
    plan, draw = drawn(tmp_path)
    world.insert_directly(plan.model_copy(update={"seed_hash": None}))
    unhashed = draw.model_copy(update={"seed": draw.seed})  # drawn while the plan had no commitment
    [accepted] = world["lead"].push(mutation(unhashed))
    assert accepted["status"] == "accepted", accepted
    [late] = world["lead"].push(
        mutation(entity="plans", record_id=plan.id, base_version=1, fields={"seed_hash": plan.seed_hash})
    )
    assert (late["status"], late["error"]) == ("rejected", "seed_hash_late")
