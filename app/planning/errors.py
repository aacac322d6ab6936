"""Planning refusals."""

from __future__ import annotations

from pydantic import ValidationError

from app.errors import BilingualError


class PlanningError(BilingualError, ValueError):
    """A planning action refused; `zh` and `en` say why, for the user. Nothing was changed."""

    @classmethod
    def invalid(cls, exc: ValidationError) -> PlanningError:
        """A record's validation failure, from its model's bilingual messages."""
        message = "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        zh, _, en = message.partition(" / ")
        return cls(zh, en or message)
