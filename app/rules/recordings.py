"""Body-camera files' rules (执法记录仪, `Recording`): the time range a video may state for its inspection. Pure: the
laptop (app/onsite/recordings.py) checks it before importing, the server (server/sync/push.py) judges every recording
it is sent with it, and the server's judgement is the one that counts.

A recording must overlap its visit (the camera runs from the door to the signature; switched on a little before
arriving or left running after leaving, so `SLACK` either side), last at most `MAX_SPAN`, and not end in the future
(beyond the clocks' `SKEW`). The visit of an inspection not finished yet runs to now.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_SPAN = timedelta(hours=12)  # a body camera's battery lasts a working day at most
SLACK = timedelta(hours=2)  # before the visit started and after it ended
SKEW = timedelta(minutes=10)  # the camera's and the computer's clocks


def range_refusal(
    started: datetime, ended: datetime, visit_start: datetime, visit_end: datetime | None, now: datetime
) -> tuple[str, str] | None:
    """Why a recording from `started` to `ended` does not belong to the visit, (zh, en); None when it does."""
    if ended <= started:
        return "录像结束时间须晚于开始时间", "a recording ends after it starts"
    if ended - started > MAX_SPAN:
        return "单个录像不能超过12小时", "one recording lasts at most 12 hours"
    if ended > now + SKEW:
        return "录像结束时间不能晚于当前时间", "a recording cannot end in the future"
    end = visit_end or now
    if started > end + SLACK or ended < visit_start - SLACK:
        return (
            "录像时间与本次检查时间不重叠（前后可各宽限2小时）",
            "the recording's time does not overlap the inspection's (2 hours allowed either side)",
        )
    return None
