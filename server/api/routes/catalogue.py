"""The catalogue edited by an admin (server/catalogue_edit.py): one item changed or added; a frozen version (used by a
code) is not changed but given a new version holding the edit. Who may: the authorization table (`authz.IMPORTS`,
the catalogue operation), an admin."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app.models import Checklist, ChecklistItem
from server import catalogue_edit as domain
from server.api.deps import CurrentUser, SessionDep, WriterSlot
from server.api.errors import ERROR_RESPONSES
from server.sync import authz
from server.sync.scope import actor_of

router = APIRouter(tags=["catalogue"], responses=ERROR_RESPONSES)


class ItemEdited(BaseModel):
    checklist: Checklist  # the version holding the edit
    item: ChecklistItem
    new_version: bool  # the edited version was frozen: this is a new one
    frozen_id: str | None = None


@router.post("/api/catalogue/items")
def post_item(
    body: domain.ItemEdit, session: SessionDep, user: CurrentUser, request: Request, _writer: WriterSlot
) -> ItemEdited:
    """Change an item (`item_id`) or add one to a checklist; answered with the version that holds it."""
    actor = actor_of(user)
    if not authz.permits(actor, authz.IMPORTS, authz.IMPORT_CATALOGUE, lambda r: r == authz.Relation.SHARED):
        raise domain.CatalogueRefusal(
            403, "not_allowed", "只有管理员可以修改检查表 / only an admin may edit the catalogue"
        )
    with request.app.state.write_lock:
        try:
            edited = domain.edit_item(session, body, username=user.username)
        except BaseException:
            session.rollback()  # before the write lock is let go
            raise
        session.commit()
    return ItemEdited(
        checklist=edited.checklist, item=edited.item, new_version=edited.new_version, frozen_id=edited.frozen_id
    )
