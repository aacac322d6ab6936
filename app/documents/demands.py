"""The standard correction demand (改正要求) of a checklist item, as the documents state it beside the legal basis.

The demands are kept in the checklist catalogue (resources/checklists/catalogue.json, `correction_demand` of each
item), looked up by the item's fixed id (client and server share the catalogue's ids), else by its code. An item the
catalogue does not know (a checklist made elsewhere) gets a demand composed from its own title and legal basis, so the
document never falls back to one generic sentence for every finding.
"""

from __future__ import annotations

import json
from functools import cache

from app.models.domain import ChecklistItem, CorrectionOrder
from app.resources import catalogue_path


@cache
def _catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """The catalogue's demands by item id and by item code."""
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    by_id, by_code = {}, {}
    for checklist in data["checklists"]:
        for item in checklist["items"]:
            demand = (item.get("correction_demand") or "").strip()
            if demand:
                by_id[item["id"]] = demand
                by_code[item["code"]] = demand
    return by_id, by_code


def correction_demand(item: ChecklistItem) -> str:
    """What the party must do to correct a finding on `item` (no closing full stop)."""
    by_id, by_code = _catalogue()
    found = by_id.get(item.id) or by_code.get(item.code)
    if found:
        return found.rstrip("。；;")
    return f"按照{item.legal_basis}的规定改正，做到“{item.title.rstrip('。')}”"


def order_demand(order: CorrectionOrder | None, item: ChecklistItem) -> str:
    """The demand the order states for `item`: as the inspector edited it before printing, else the standard one."""
    edited = (order.demands.get(item.id, "") if order is not None else "").strip().rstrip("。；;")
    return edited or correction_demand(item)
