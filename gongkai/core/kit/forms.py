"""Form helpers shared by every module's staff and public forms."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.core.exceptions import DomainError


class DomainErrorsMixin:
    """Show a service's InvalidInput / GateRefused on the field it names, else on the form."""

    def add_domain_error(self, exc: DomainError) -> None:
        field = getattr(exc, "field", None)
        form: Any = self
        if not hasattr(form, "cleaned_data"):
            form.cleaned_data = {}
        # Every problem the service found, each on its field (issue 15 §10: all at once).
        problems = getattr(exc, "errors", None) or [(field, exc.message)]
        for name, message in problems:
            if name in form.fields and message in form.errors.get(name, []):
                continue
            form.add_error(name if name in form.fields else None, message)


def date_widget() -> forms.DateInput:
    """An ISO date input (the browser's date picker)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
