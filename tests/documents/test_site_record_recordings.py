"""The site record lists the visit's body-camera videos (执法记录仪) as lines: time range, camera, file, hash prefix;
a visit without any prints no such part."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from app.documents import DocumentKind, make
from app.models.domain import Recording
from tests.documents.conftest import Documented
from tests.documents.test_documents import _text


def test_the_site_record_lists_the_visits_videos(documented: Documented) -> None:
    store, inspection = documented.store, documented.inspection
    started = inspection.started_at.replace(hour=2, minute=5, second=0, microsecond=0)  # 10:05 in Shanghai
    sha = hashlib.sha256(b"video").hexdigest()
    store.save_many(
        [
            Recording(
                inspection_id=inspection.id,
                sha256=sha,
                size=2_000_000_000,
                started_at=started,
                ended_at=started + timedelta(minutes=18),
                camera="DSJ-0451",
                caption="DSJ0451_0001.MP4",
            )
        ],
        synced=True,
    )
    text = _text(make(store, inspection.id, DocumentKind.SITE_RECORD))  # the PDF's text, without spaces
    assert "执法记录仪视频共1段" in text
    assert f"{started:%Y-%m-%d}10:05至10:23" in text
    assert "DSJ-0451" in text and "DSJ0451_0001.MP4" in text and sha[:16] in text


def test_a_visit_without_videos_prints_no_such_part(documented: Documented) -> None:
    text = _text(make(documented.store, documented.inspection.id, DocumentKind.SITE_RECORD))
    assert "执法记录仪" not in text
