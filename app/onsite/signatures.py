"""Signatures on the screen: each inspector and the inspected party's representative sign the record. No Qt here.

API (used by the signature dialog and the inspection window):
- `signers_of(store, inspection) -> list[Signer]`: who signs, in order: the inspection's inspectors (names and
  certificate numbers from their records), then the party (name typed on site, so left empty here).
- `sign(store, inspection, signer, png) -> Signature`: store the PNG as a blob and a `Signature` record with who and
  when through the store (the code gate applies). Signing again replaces that signer's signature (same record).
  An empty or non-PNG image raises SignatureError; nothing is written then.
- `signatures_of(store, inspection_id) -> list[Signature]`, inspectors first.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from app.errors import BilingualError
from app.models import SignerRole
from app.models.domain import Inspection, Inspector, Signature
from app.store import Store

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class SignatureError(BilingualError, ValueError):
    """A signature refused; `zh` and `en` say why. Nothing was written."""


@dataclass(frozen=True)
class Signer:
    role: SignerRole
    name: str
    signer_id: str | None = None  # the inspector's id; None for the party
    certificate_no: str | None = None


def signers_of(store: Store, inspection: Inspection) -> list[Signer]:
    """The inspectors of `inspection` (as recorded, with certificate numbers), then the party's representative."""
    signers = []
    for inspector_id in inspection.inspector_ids:
        person = store.get(Inspector, inspector_id)
        name = person.name if person else inspector_id
        signers.append(Signer(SignerRole.INSPECTOR, name, inspector_id, person.certificate_no if person else None))
    return [*signers, Signer(SignerRole.PARTY, "")]


def sign(store: Store, inspection: Inspection, signer: Signer, png: bytes) -> Signature:
    """Store `png` as `signer`'s signature on `inspection`; the previous one of the same signer is replaced."""
    name = signer.name.strip()
    if not name:
        raise SignatureError("请填写签名人姓名", "enter the name of the person signing")
    _check_png(png)
    previous = _previous(store, inspection.id, signer)
    existed = store.blobs.has(hashlib.sha256(png).hexdigest())
    sha = store.blobs.put_bytes(png)
    fields = {"signer_role": signer.role, "signer_name": name, "signer_id": signer.signer_id, "sha256": sha}
    record = (
        previous.model_copy(update=fields | {"signed_at": store.clock()})
        if previous
        else Signature(inspection_id=inspection.id, code_id=inspection.code_id, signed_at=store.clock(), **fields)
    )
    try:
        return store.save(record)
    except BaseException:
        if not existed:
            store.blobs.path(sha).unlink(missing_ok=True)
        raise


def signatures_of(store: Store, inspection_id: str) -> list[Signature]:
    return store.signatures_of(inspection_id)


def _previous(store: Store, inspection_id: str, signer: Signer) -> Signature | None:
    for existing in signatures_of(store, inspection_id):
        same_inspector = signer.signer_id is not None and existing.signer_id == signer.signer_id
        if same_inspector or (signer.role == SignerRole.PARTY and existing.signer_role == SignerRole.PARTY):
            return existing
    return None


def _check_png(png: bytes) -> None:
    if not png.startswith(_PNG_MAGIC):
        raise SignatureError("签名图片不是 PNG 格式", "the signature image is not a PNG")
    try:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            blank = _is_blank(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise SignatureError("签名图片已损坏", "the signature image is damaged") from exc
    if blank:
        raise SignatureError("签名为空，请先签名", "the signature is empty; please sign first")


def _is_blank(image: Image.Image) -> bool:
    """True when nothing is drawn: every pixel, laid on white, is (almost) white."""
    rgba = image.convert("RGBA")
    on_white = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
    return on_white.convert("L").getextrema()[0] >= 250
