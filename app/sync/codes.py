"""申码 from the client: request codes for tasks while online; the issued codes land in the store at once.

Tasks merged into one joint inspection (same `joint_inspection_id`) get one code together; every other task its own.
A refusal (plan not filed, fewer than two certified inspectors, do-not-disturb target …) is reported per request in
the server's words and does not stop the other requests.

Asking again is safe: the server answers the same caller's repeated request for the same tasks with the code it issued
them (server/codes.py), so a request whose answer was lost on the way back is simply sent once more; only someone
else, or other tasks, meet `code_exists`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.models import InspectionCode, Task
from app.models.wire import Change
from app.store import Store
from app.sync.errors import BadRequestError, OfflineError, ServerError
from app.sync.http import SyncClient


@dataclass(frozen=True)
class CodeAnswer:
    task_ids: list[str]
    code: InspectionCode | None = None
    refusal: str | None = None  # bilingual, when the server refused


def visits(store: Store, task_ids: list[str]) -> list[list[str]]:
    """The task ids grouped by visit: all open tasks of a joint inspection together, other tasks alone, in order."""
    groups: dict[str, list[str]] = {}
    for task_id in dict.fromkeys(task_ids):
        task = store.get(Task, task_id)
        joint = task.joint_inspection_id if task else None
        if joint is None:
            groups[task_id] = [task_id]
        elif joint not in groups:
            groups[joint] = [t.id for t in store.find(Task, joint_inspection_id=joint)]
    return list(groups.values())


def request_codes(store: Store, client: SyncClient, task_ids: list[str]) -> list[CodeAnswer]:
    """One request per visit; issued codes are stored as the server's records (they also arrive by the next pull).

    Network and server failures raise (the caller retries when online); refusals are answers.
    """
    answers = []
    for group in visits(store, task_ids):
        try:
            code = _asked(client, group)
        except BadRequestError as exc:
            answers.append(CodeAnswer(group, refusal=str(exc)))
            continue
        data = code.model_dump(mode="json")
        store.apply_remote([Change(seq=0, entity=code.entity, id=code.id, version=code.version, data=data)])
        answers.append(CodeAnswer(group, code=code))
    return answers


ATTEMPTS = 2  # an answer lost on the way back is asked for once more at once; the server gives the same code


def _asked(client: SyncClient, group: list[str]) -> InspectionCode:
    for attempt in range(ATTEMPTS):
        try:
            return client.request_code(group).code
        except (OfflineError, ServerError):
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable: the loop returns or raises")
