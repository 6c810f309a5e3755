"""Two checks the chrome check of walk.py leaves out, for walks that want them: the
confirmation after an action (the flash message) and the 待办 lines' own texts (a line's
title, its items' notes) must be in the walk's language too. Data (titles, numbers) the
walk passed in `Desk.data` are taken out first.

``act(desk, selector)`` and ``open_task(desk, key, label)`` wrap the Desk methods."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from tests.browser.walk import Desk, untranslated


def _left(desk: Desk, texts: list[str]) -> list[str]:
    known = sorted((value for value in desk.data if value), key=len, reverse=True)
    left = []
    for text in texts:
        shown = text
        for value in known:
            shown = shown.replace(value, "")
        if untranslated(shown, str(settings.SITE_NAME)):
            left.append(text)
    return left


def act(desk: Desk, selector: str) -> Any:
    """desk.act, and the confirmation (flash message) in the walk's language."""
    page = desk.act(selector)
    if desk.language == "en":
        flashes = page.eval_on_selector_all("ul.messages li", "els => els.map(e => e.innerText)")
        left = _left(desk, flashes)
        assert left == [], f"{page.url}: untranslated message {left}"
    return page


def open_task(desk: Desk, key: str, label: str) -> Any:
    """desk.open_task, after checking the 待办 lines' own texts in the walk's language."""
    if desk.language == "en":
        desk.inbox()
        texts = desk.page.eval_on_selector_all(
            "[data-task] > a, [data-task] .task-items .muted",
            "els => els.map(e => e.innerText)",
        )
        left = _left(desk, texts)
        assert left == [], f"untranslated 待办 lines {left}"
    return desk.open_task(key, label)
