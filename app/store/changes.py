"""Change notifications: which records a committed write or pull touched, told to whoever listens.

The store notes every (entity, id) it writes or deletes while a transaction is open, and hands the collected
`Changes` to its subscribers once the outermost transaction has committed (a rolled-back one tells nobody).
Subscribers are called on the thread that wrote (the UI's runner re-emits them as a Qt signal on the UI thread),
in the manner of Anki's `operation_did_execute(changes)` and qutebrowser's `SqlTable.changed`. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

META = "sync_meta"  # the entity named when a sync_meta key changes (the ids are the keys)
CONFLICTS = "conflicts"  # a push stored a conflict or the user resolved one (the ids are the conflicts')
PARKED = "parked"  # the server refused a change or a file for good, kept with its reason (the ids are the records')


@dataclass(frozen=True)
class Changes:
    """Ids changed per entity (table name), as committed together."""

    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.ids.values())

    def __contains__(self, entity: object) -> bool:
        return bool(self.ids.get(entity))  # type: ignore[call-overload]

    def of(self, entity: str) -> frozenset[str]:
        return self.ids.get(entity, frozenset())

    def touches(self, *entities: str) -> bool:
        return any(entity in self for entity in entities)


Listener = Callable[[Changes], None]


class ChangeLog:
    """One store's open collection of changes and its subscribers."""

    def __init__(self) -> None:
        self._pending: dict[str, set[str]] = {}
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def note(self, entity: str, ids: Iterable[str]) -> None:
        self._pending.setdefault(entity, set()).update(ids)

    def discard(self) -> None:
        """The transaction rolled back: what it noted never happened."""
        self._pending.clear()

    def deliver(self) -> None:
        """After a commit: tell every subscriber what changed (nothing, when nothing did)."""
        if not self._pending:
            return
        changes = Changes({entity: frozenset(ids) for entity, ids in self._pending.items() if ids})
        self._pending.clear()
        if changes:
            for listener in list(self._listeners):
                listener(changes)
