"""A request the server's rules refuse: HTTP status, stable code, bilingual message.

Raised by the domain modules (codes, conflicts, devices, evaluations); the API answers it as an `ErrorBody`
(server/api/errors.py) and nothing of the request is committed.
"""

from __future__ import annotations


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
