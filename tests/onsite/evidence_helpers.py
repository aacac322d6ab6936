"""Photo files for evidence tests, and a store with an inspection open under a real code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from app.models.domain import Inspection, InspectionCode
from app.store import Store
from tests.helpers.gate import CodeWorld, code_world
from tests.store.conftest import target


def jpeg(path: Path, *, taken: str | None = None, offset: str | None = None, color: str = "red") -> Path:
    """A small JPEG, with EXIF DateTimeOriginal (and OffsetTimeOriginal) when given."""
    exif = Image.Exif()
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        ifd[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    Image.new("RGB", (320, 240), color).save(path, "JPEG", exif=exif, quality=90)
    return path


@dataclass
class OnSite:
    world: CodeWorld
    code: InspectionCode
    inspection: Inspection

    @property
    def store(self) -> Store:
        return self.world.store


def on_site(store: Store) -> OnSite:
    world = code_world(store, target())
    code = world.code()
    return OnSite(world, code, world.inspection(code))


def counts(store: Store) -> tuple[int, int, int]:
    """Evidence rows, outbox rows, blob files."""
    one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731
    blobs = sum(1 for p in store.blobs.root.rglob("*") if p.is_file()) if store.blobs.root.exists() else 0
    return one("SELECT count(*) FROM evidence"), one("SELECT count(*) FROM outbox"), blobs
