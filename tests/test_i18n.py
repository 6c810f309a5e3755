"""The English translation: the language cookie switches the UI, the catalogue is complete.

The catalogue tests fail as soon as a string is added to the source without an English
translation. That is intended; docs/translation.md says how to fix it:
`make messages`, translate the new entries in gongkai/locale/en/LC_MESSAGES/django.po,
`make messages` again.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "gongkai" / "locale" / "en" / "LC_MESSAGES"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _load_checker() -> Any:
    spec = importlib.util.spec_from_file_location("i18n_check", ROOT / "scripts" / "i18n_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_check", module)
    spec.loader.exec_module(module)
    return module


i18n_check = _load_checker()


def _entries(path: Path) -> list[Any]:
    """(msgid, msgid_plural, {index: msgstr}, flags) of every message, with polib if present."""
    try:
        import polib  # type: ignore[import-not-found]
    except ImportError:
        return [
            (e.msgid, e.msgid_plural, e.msgstr, e.flags)
            for e in i18n_check.messages(i18n_check.parse_po(path))
        ]
    result = []
    for e in polib.pofile(str(path)):
        if e.obsolete or not e.msgid:
            continue
        strings = dict(e.msgstr_plural) if e.msgid_plural else {0: e.msgstr}
        result.append((e.msgid, e.msgid_plural or None, strings, set(e.flags)))
    return result


def _nav_text(html: str, nav_class: str) -> str:
    match = re.search(rf'<nav class="{nav_class}"[^>]*>(.*?)</nav>', html, re.S)
    assert match, f"no <nav class={nav_class!r}> in the page"
    return re.sub(r"<[^>]+>", " ", match.group(1))


def _untranslated_nav_labels(html: str, nav_class: str) -> list[str]:
    """Navigation links whose label is not English.

    A legal term may keep its Chinese name in brackets after the English one, as the
    glossary in docs/translation.md asks ("Disclosure on request (依申请公开)"); any other
    Chinese in a label means it was not translated.
    """
    match = re.search(rf'<nav class="{nav_class}"[^>]*>(.*?)</nav>', html, re.S)
    assert match, f"no <nav class={nav_class!r}> in the page"
    labels = [
        re.sub(r"<[^>]+>|\s+", " ", label).strip()
        for label in re.findall(r"<a\b[^>]*>(.*?)</a>", match.group(1), re.S)
    ]
    assert labels, f"no links in <nav class={nav_class!r}>"
    return [
        label
        for label in labels
        if not re.match(r"[A-Za-z]", label) or HAN.search(re.sub(r"\s*\([^()]*\)$", "", label))
    ]


# --- staff back office ---------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_inbox_is_english_with_the_language_cookie(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    nav = _nav_text(html, "main-nav")
    for label in ("To do", "Documents", "Policy interpretation", "Draft a document"):
        assert label in nav
    assert _untranslated_nav_labels(html, "main-nav") == []
    assert "Government Affairs Openness Platform" in html
    assert "<h1>To do</h1>" in html
    assert "Sign out" in html
    assert "待办" not in html


@pytest.mark.django_db
def test_staff_inbox_is_chinese_without_the_cookie(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    response = client.get(reverse("staff:inbox"))
    assert response["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    nav = _nav_text(html, "main-nav")
    for label in ("待办", "公文", "政策解读", "起草公文"):
        assert label in nav
    assert "To do" not in html


@pytest.mark.django_db
def test_staff_pages_have_the_language_switcher(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    html = client.get(reverse("staff:inbox")).content.decode()
    form = re.search(r"<form[^>]*data-language-switcher[^>]*>(.*?)</form>", html, re.S)
    assert form, "no language switcher on the staff inbox"
    assert f'action="{reverse("set_language")}"' in form.group(0)
    assert 'method="post"' in form.group(0)
    assert 'aria-labelledby="language-switcher-label"' in form.group(0)
    assert 'id="language-switcher-label"' in form.group(1)
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert 'name="next" value="/staff/"' in form.group(1)
    buttons = re.findall(r"<button[^>]*>[^<]*</button>", form.group(1))
    assert len(buttons) == len(settings.LANGUAGES)
    assert any(
        'value="zh-hans"' in b and 'lang="zh-hans"' in b and "简体中文" in b for b in buttons
    )
    assert any('value="en"' in b and 'lang="en"' in b and "English" in b for b in buttons)
    current = [b for b in buttons if 'aria-current="true"' in b]
    assert len(current) == 1 and 'value="zh-hans"' in current[0]


@pytest.mark.django_db
def test_switching_language_sets_the_cookie_and_comes_back(client: Any, clerk: Any) -> None:
    client.force_login(clerk)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/staff/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "To do" in client.get("/staff/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/staff/"})
    assert "待办" in client.get("/staff/").content.decode()


# --- public portal -------------------------------------------------------------------------


@pytest.mark.django_db
def test_portal_home_is_chinese_without_the_cookie(client: Any) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    nav = _nav_text(html, "site-nav")
    assert "首页" in nav and "政府信息公开" in nav


@pytest.mark.django_db
@pytest.mark.xfail(
    strict=True,
    reason=(
        "portal.views.public_page renders every portal page in settings.LANGUAGE_CODE "
        "(pages are published as static files, the same for every visitor); English on "
        "the portal waits for the portal/publishing change described in docs/translation.md"
    ),
)
def test_portal_home_is_english_with_the_language_cookie(client: Any) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("portal:home")).content.decode()
    nav = _nav_text(html, "site-nav")
    assert "Open Government Information" in nav
    assert _untranslated_nav_labels(html, "site-nav") == []


@pytest.mark.django_db
def test_portal_navigation_labels_are_translated() -> None:
    """What the portal navigation shows once a page is rendered in English."""
    template = Template("{% load portal_tags %}{% portal_nav %}")
    with translation.override("en"):
        html = template.render(Context({"is_home": True}))
    nav = _nav_text(html, "site-nav")
    assert "Home" in nav
    assert "Open Government Information" in nav
    assert "Policy Documents" in nav
    assert _untranslated_nav_labels(html, "site-nav") == []
    with translation.override("zh-hans"):
        nav = _nav_text(template.render(Context({"is_home": True})), "site-nav")
    assert "首页" in nav and "政府信息公开" in nav


# --- the catalogue -------------------------------------------------------------------------


def test_catalogue_has_no_untranslated_or_fuzzy_entries() -> None:
    entries = _entries(CATALOGUE / "django.po")
    assert len(entries) > 500
    empty = [msgid for msgid, plural, strings, _ in entries if not all(strings.values())]
    incomplete_plurals = [
        msgid for msgid, plural, strings, _ in entries if plural and sorted(strings) != [0, 1]
    ]
    fuzzy = [msgid for msgid, _, _, flags in entries if "fuzzy" in flags]
    assert not empty, f"untranslated (see docs/translation.md): {empty}"
    assert not incomplete_plurals, f"plural forms missing: {incomplete_plurals}"
    assert not fuzzy, f"fuzzy, to check and un-flag: {fuzzy}"


def test_catalogue_translations_are_english_and_keep_placeholders() -> None:
    problems = []
    for entry in i18n_check.messages(i18n_check.parse_po(CATALOGUE / "django.po")):
        problems += [f"{entry.msgid!r}: {p}" for p in i18n_check.placeholder_problems(entry)]
        for value in entry.msgstr.values():
            # Chinese is allowed only in brackets after the English term: "Proactive
            # disclosure (主动公开)", or in examples quoted from documents ("e.g. 示政发…").
            bare = re.sub(r"\([^()]*\)|e\.g\. \S+", "", value)
            if HAN.search(bare):
                problems.append(f"{entry.msgid!r}: untranslated Chinese in {value!r}")
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file() -> None:
    assert i18n_check.mo_problems(CATALOGUE / "django.po") == []
    with (CATALOGUE / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    assert catalogue.gettext("待办") == "To do"
    assert catalogue.gettext("政府信息公开") == "Open Government Information"


def test_every_source_string_is_in_the_catalogue() -> None:
    """makemessages on a temporary copy of the source finds nothing new to translate."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    reports = i18n_check.collect()
    new = [e.msgid for r in reports for e in r.new]
    gone = [e.msgid for r in reports for e in r.gone]
    untranslated = [e.msgid for r in reports for e in r.untranslated]
    hint = "run `make messages`, translate in django.po, `make messages` (docs/translation.md)"
    assert not new, f"strings not yet in django.po — {hint}: {new}"
    assert not untranslated, f"strings without an English translation — {hint}: {untranslated}"
    assert not gone, f"django.po has strings no longer in the source — {hint}: {gone}"


def test_punctuation_between_labels_follows_the_language() -> None:
    """A label and its value, or the items of a list, are joined by the language's own
    punctuation: 汇报单位：…；邀请列席：甲、乙 in Chinese, "Reporting body: …; Invited: A, B"."""
    template = Template(
        '{% load i18n %}{% translate "：" context "punctuation" %}|'
        '{% translate "；" context "punctuation" %}|{% translate "、" context "punctuation" %}'
    )
    with translation.override("en"):
        assert template.render(Context()) == ": |; |, "
    with translation.override("zh-hans"):
        assert template.render(Context()) == "：|；|、"


def test_a_page_rendered_inside_a_request_leaves_its_language_alone(rf: Any) -> None:
    """Static publishing renders portal pages (in Chinese) through the middleware chain inside
    a staff request; the staff request then answered in Chinese ("已发布。" after 发布 in the
    English UI). The inner request must give the outer one its language back."""
    from django.http import HttpResponse

    from gongkai.core.middleware import LanguageCookieMiddleware

    inner = LanguageCookieMiddleware(lambda request: HttpResponse())
    seen: list[str] = []

    def staff_view(request: Any) -> HttpResponse:
        inner(rf.get("/xxgk/"))  # a published page, no cookie: Chinese
        seen.append(translation.get_language())
        return HttpResponse()

    outer = LanguageCookieMiddleware(staff_view)
    request = rf.get("/staff/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
    outer(request)
    assert seen == ["en"]
