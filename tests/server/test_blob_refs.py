"""Records before their files: evidence is accepted before its photo, pulled as not final, and again once it is."""

from __future__ import annotations

import os

from tests.server.photos import evidence, on_site, pulled_inspection, upload
from tests.server.world import World

PHOTO = os.urandom(50_000)


def test_evidence_is_pending_until_its_photo_completes_then_pulled_again_final(world: World) -> None:
    inspection = on_site(world, "zhang", "li")
    photo = evidence(world["zhang"], inspection, PHOTO)

    first, cursor = world["li"].pull_all()
    assert first[("evidence", photo.id)]["blob_pending"] is True
    assert first[("inspections", inspection.id)]["blob_pending"] is False

    upload(world["zhang"], PHOTO)
    page = world["li"].pull(cursor)
    [again] = page["changes"]
    assert (again["entity"], again["id"], again["version"]) == ("evidence", photo.id, 1)
    assert again["blob_pending"] is False


def test_a_photo_already_on_the_server_makes_a_new_record_final_at_once(world: World) -> None:
    """li attaches the same photo zhang sent: her record is final as soon as it is pushed, with nothing to upload."""
    evidence(world["zhang"], on_site(world, "zhang", "li"), PHOTO)
    upload(world["zhang"], PHOTO)
    hers = evidence(world["li"], pulled_inspection(world["li"]), PHOTO)
    records, _ = world["lead"].pull_all()
    assert records[("evidence", hers.id)]["blob_pending"] is False
