"""Pull under load: pages capped in bytes as well as in records, the stored JSON passed through, gzip on the wire."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.models.wire import PullResponse
from server.api.app import create_app
from server.core.config import Settings
from server.db.bulk import dumps
from tests.server.world import CHANGNING, World, mutation, target

CAP = 2500  # bytes of record JSON in a page


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    with TestClient(create_app(dataclasses.replace(settings, max_pull_bytes=CAP))) as client:
        yield World.build(client)


def _stored_size(change: dict[str, object]) -> int:
    return len(dumps(change["data"]).encode())  # the bytes of the JSON as the server stores it


def test_pages_stop_at_the_byte_cap_and_a_larger_record_still_goes_alone(world: World) -> None:
    api = world["lead"]
    _, cursor = api.pull_all()
    small = [target(CHANGNING, f"宾馆{i}") for i in range(12)]
    big = target(CHANGNING, "大宾馆")
    big.credit_code_override = "试点" * 500  # stored as UTF-8: 3,000 bytes
    assert [a["status"] for a in api.push(*(mutation(t) for t in [*small[:6], big, *small[6:]]))] == ["accepted"] * 13

    pages, seen = [], []
    while True:
        page = api.pull(cursor, 500)
        pages.append(page)
        seen += page["changes"]
        cursor = page["cursor"]
        if not page["has_more"]:
            break

    assert _stored_size(next(c for c in seen if c["id"] == big.id)) > CAP
    assert [c["id"] for c in seen] == [t.id for t in [*small[:6], big, *small[6:]]]
    assert all(page["changes"] for page in pages)
    for page, following in itertools.pairwise(pages):  # full below the cap: the next record did not fit
        sizes = [_stored_size(c) for c in page["changes"]]
        assert sum(sizes) <= CAP or len(sizes) == 1
        assert sum(sizes) + _stored_size(following["changes"][0]) > CAP
    assert [[c["id"] for c in p["changes"]] for p in pages if big.id in {c["id"] for c in p["changes"]}] == [[big.id]]
    assert len(pages) >= 3  # small records, the large one alone, small records
    assert [c["seq"] for c in seen] == sorted({c["seq"] for c in seen})


def test_a_page_is_compressed_when_asked_and_parses_as_the_wire_model(world: World) -> None:
    api = world["lead"]
    _, cursor = api.pull_all()
    api.push(*(mutation(target(CHANGNING, f"宾馆{i}")) for i in range(5)))
    headers = {**api.headers, "Accept-Encoding": "gzip"}
    raw = world.client.get("/api/sync/pull", params={"since": cursor}, headers=headers)
    assert raw.headers["content-encoding"] == "gzip"
    plain = world.client.get(
        "/api/sync/pull", params={"since": cursor}, headers={**api.headers, "Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    assert raw.num_bytes_downloaded < len(plain.content) / 2
    page = PullResponse.model_validate_json(raw.content)  # decompressed by the HTTP client, as requests does
    assert page == PullResponse.model_validate_json(plain.content)
    assert page.changes and {c.entity for c in page.changes} == {"targets"}  # as many as the byte cap lets in
    assert all(c.blob_pending is False for c in page.changes)
