"""Domain exceptions shared by every app.

"You may not" (NotPermitted) and "not possible now" (TransitionNotAllowed, GateRefused)
are different answers: each class carries the HTTP status that the back office's views and
the JSON API answer it with (`http_status`).
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class; `message` is shown to users (Chinese), `code` is for machines."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotPermitted(DomainError):
    code = "not_permitted"
    http_status = 403


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    http_status = 409


class GateRefused(DomainError):
    """A statutory gate refused the action; `gate` names the rule (e.g. "G1") for machines
    (`code` gate_g1, the API's `gate`); the users' text is the message alone (issue 15 §10)."""

    code = "gate_refused"
    http_status = 422

    def __init__(self, gate: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=f"gate_{gate.lower()}")
        self.gate = gate
        self.field = field


class InvalidInput(DomainError):
    """Bad input. `message`/`field` name the first problem; `errors` lists every problem found
    as (field, message) pairs, so a form shows them all at once (issue 15 §10)."""

    code = "invalid_input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: list[tuple[str | None, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.errors = errors or [(field, message)]
