"""A complaint closed on the server only with its reply (issue 15): a push closing it without a reply, with a NUL or a
huge reply, or with a reply dated before receipt is refused; an inspector cannot close one; the lead's reply is
kept."""

from __future__ import annotations

from datetime import date

from app.models.domain import Complaint
from tests.server.world import CHANGNING, World, mutation


def test_a_complaint_is_closed_only_with_its_reply(world: World) -> None:
    complaint = Complaint(target_id=world.targets[CHANGNING].id, received_on=date(2026, 11, 2), summary="毛巾未消毒")
    assert world["lead"].push(mutation(complaint))[0]["status"] == "accepted"

    def close(username: str, **fields: object) -> tuple[str, str | None]:
        change = mutation(entity="complaints", record_id=complaint.id, base_version=1, fields=fields)
        answer = world[username].push(change)[0]
        return answer["status"], answer["error"]

    assert close("lead", status="closed")[0] == "rejected"  # no reply
    assert close("lead", status="closed", reply="已核查", replied_on="2026-10-01")[0] == "rejected"  # before receipt
    assert close("lead", status="closed", reply="查" * 100_000, replied_on="2026-11-10")[0] == "rejected"
    assert (
        world["lead"]
        .push_raw(mutation(entity="complaints", record_id=complaint.id, base_version=1, fields={"reply": "已\x00核查"}))
        .status_code
        == 422
    )
    assert close("zhang", status="closed", reply="已核查", replied_on="2026-11-10") == ("rejected", "forbidden")
    assert close("lead", status="closed", reply="已核查并责令改正", replied_on="2026-11-10") == ("accepted", None)
    records, _ = world["lead"].pull_all()
    stored = records[("complaints", complaint.id)]["data"]
    assert (stored["status"], stored["reply"], stored["replied_on"]) == ("closed", "已核查并责令改正", "2026-11-10")
