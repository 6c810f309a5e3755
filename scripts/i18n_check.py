#!/usr/bin/env python
"""Report what the English translation is missing, without touching the work tree.

    .venv/bin/python scripts/i18n_check.py            # human-readable report, exit 1 on problems
    .venv/bin/python scripts/i18n_check.py --po-out new.po   # also write the entries to translate

It copies the sources (gongkai/, config/, manage.py and the committed catalogue) into a
temporary folder and runs `makemessages -l en --no-obsolete` there exactly as `make messages`
does, so the committed gongkai/locale/en/LC_MESSAGES/django.po is never modified. It then
reports:

* new msgids in the source that are not in the committed .po yet;
* msgids that are in the committed .po but no longer in the source (dropped on the next run);
* entries with an empty msgstr or marked fuzzy after the merge (msgmerge guesses a
  translation for a new msgid that looks like an old one and marks it fuzzy);
* placeholders (%(name)s, %s, {name}) that differ between msgid and msgstr;
* whether the committed django.mo still matches the committed django.po.

Fix: `make messages`, translate the reported entries in django.po (remove "#, fuzzy"
after checking), then `make messages` again to compile. See docs/translation.md.
"""

from __future__ import annotations

import argparse
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "en"
CATALOGUE = Path("gongkai") / "locale" / LOCALE / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
COPY_IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".*", "node_modules", "*.mo", "*.sqlite3*"
)


# --- a small PO reader (the project does not depend on polib) -------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        if "fuzzy" in self.flags:
            return False
        expected = 2 if self.msgid_plural is not None else 1
        values = [self.msgstr.get(i, "") for i in range(expected)]
        return all(values)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a PO file, header (msgid "") included, obsolete (#~) ones marked."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()
    pending_refs: list[str] = []
    pending_obsolete = False

    def start() -> Entry:
        nonlocal pending_flags, pending_refs, pending_obsolete
        entry = Entry(msgid="", flags=pending_flags, references=pending_refs)
        entry.obsolete = pending_obsolete
        pending_flags, pending_refs, pending_obsolete = set(), [], False
        entries.append(entry)
        return entry

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete, line = True, line[2:].strip()
        if not line:
            current, target = None, None
            continue
        if line.startswith("#,"):
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#:"):
            pending_refs.extend(line[2:].split())
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}: continuation line outside an entry: {raw!r}")
            _append(current, target, _unquote(line))
            continue
        if keyword == "msgctxt" or (
            keyword == "msgid" and (current is None or target != ("msgctxt", 0))
        ):
            pending_obsolete = pending_obsolete or obsolete
            current = start()
        if current is None:
            raise ValueError(f"{path}: {keyword} outside an entry: {raw!r}")
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, 0)
        elif match:
            target = ("msgstr", int(match.group(1)))
        else:
            raise ValueError(f"{path}: unknown keyword {keyword!r}")
        if keyword == "msgctxt":
            current.msgctxt = ""
        elif keyword == "msgid_plural":
            current.msgid_plural = ""
        _append(current, target, _unquote(rest))
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.msgstr[index] = entry.msgstr.get(index, "") + text


def messages(entries: list[Entry]) -> list[Entry]:
    """The translatable entries: no header, no obsolete ones."""
    return [e for e in entries if e.msgid and not e.obsolete]


_PLACEHOLDER = re.compile(
    r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[-#0 +]*\d*(?:\.\d+)?[sdifrx]|\{\w*(?:[:!][^{}]*)?\}"
)


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text))


def placeholder_problems(entry: Entry) -> list[str]:
    problems = []
    if "fuzzy" in entry.flags:  # not compiled into the .mo; reported as untranslated
        return problems
    if "python-format" not in entry.flags and "python-brace-format" not in entry.flags:
        return problems
    wanted = placeholders(entry.msgid)
    for index, value in sorted(entry.msgstr.items()):
        if not value:
            continue
        source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
        got = placeholders(value)
        expected = placeholders(source)
        # A singular msgstr may drop a count placeholder (e.g. "one item" for %(count)s).
        if got != expected and not (index == 0 and entry.msgid_plural and set(got) <= set(wanted)):
            problems.append(f"msgstr[{index}] has {got}, msgid has {expected}")
    return problems


# --- the check ---------------------------------------------------------------------------


def run_makemessages(workdir: Path, python: str) -> None:
    for name in ("gongkai", "config"):
        shutil.copytree(ROOT / name, workdir / name, ignore=COPY_IGNORE)
    shutil.copy2(ROOT / "manage.py", workdir / "manage.py")
    # The committed catalogue goes along so that makemessages merges into it.
    (workdir / CATALOGUE).mkdir(parents=True, exist_ok=True)
    for domain in DOMAINS:
        po = ROOT / CATALOGUE / f"{domain}.po"
        if po.exists():
            shutil.copy2(po, workdir / CATALOGUE / po.name)
    env = dict(os.environ, GONGKAI_DATA_DIR=str(workdir / "var"))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Same command as `make messages` (run from gongkai/, so only gongkai/ is scanned).
    subprocess.run(
        [python, "../manage.py", "makemessages", "-l", LOCALE, "--no-obsolete"],
        cwd=workdir / "gongkai",
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if any((workdir / "gongkai").rglob("*.js")):
        subprocess.run(
            [
                python,
                "../manage.py",
                "makemessages",
                "-d",
                "djangojs",
                "-l",
                LOCALE,
                "--no-obsolete",
                "--ignore=node_modules",
            ],
            cwd=workdir / "gongkai",
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def mo_problems(po_path: Path) -> list[str]:
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path.relative_to(ROOT)} is missing: run `make messages`"]
    with mo_path.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    stale = 0
    for entry in messages(parse_po(po_path)):
        if not entry.translated:
            continue
        if entry.msgid_plural is None:
            key: object = (
                entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
            )
            if catalogue.get(key) != entry.msgstr[0]:
                stale += 1
        else:
            base = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
            if any(catalogue.get((base, i)) != v for i, v in entry.msgstr.items()):
                stale += 1
    if stale:
        return [
            f"{mo_path.relative_to(ROOT)} is out of date ({stale} messages differ): "
            "run `make messages` (or manage.py compilemessages)"
        ]
    return []


def show(entry: Entry) -> str:
    where = f"  ({entry.references[0]})" if entry.references else ""
    text = entry.msgid if entry.msgid_plural is None else f"{entry.msgid} | {entry.msgid_plural}"
    return f"  {text!r}{where}"


def write_fragment(entries: list[Entry], path: Path) -> None:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    lines = []
    for e in entries:
        lines += [f"#: {' '.join(e.references)}"] if e.references else []
        flags = sorted(e.flags - {"fuzzy"})
        lines += [f"#, {', '.join(flags)}"] if flags else []
        lines += [f"msgctxt {quote(e.msgctxt)}"] if e.msgctxt is not None else []
        lines.append(f"msgid {quote(e.msgid)}")
        if e.msgid_plural is None:
            lines.append(f"msgstr {quote(e.msgstr.get(0, '') if 'fuzzy' not in e.flags else '')}")
        else:
            lines.append(f"msgid_plural {quote(e.msgid_plural)}")
            lines += [f'msgstr[{i}] ""' for i in range(2)]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass
class DomainReport:
    domain: str
    total: int
    new: list[Entry]
    gone: list[Entry]
    untranslated: list[Entry]
    bad_format: list[tuple[Entry, str]]
    stale_mo: list[str]

    @property
    def problems(self) -> int:
        return (
            len(self.new)
            + len(self.gone)
            + len(self.untranslated)
            + len(self.bad_format)
            + len(self.stale_mo)
        )


def collect(python: str = sys.executable, keep: Path | None = None) -> list[DomainReport]:
    """Run makemessages on a temporary copy and compare with the committed catalogue."""
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-i18n-")) if keep is None else keep
    try:
        run_makemessages(workdir, python)
        reports = []
        for domain in DOMAINS:
            fresh_path = workdir / CATALOGUE / f"{domain}.po"
            committed_path = ROOT / CATALOGUE / f"{domain}.po"
            if not fresh_path.exists():
                continue
            fresh = messages(parse_po(fresh_path))
            committed = messages(parse_po(committed_path)) if committed_path.exists() else []
            committed_keys = {e.key for e in committed}
            fresh_keys = {e.key for e in fresh}
            reports.append(
                DomainReport(
                    domain=domain,
                    total=len(fresh),
                    new=[e for e in fresh if e.key not in committed_keys],
                    gone=[e for e in committed if e.key not in fresh_keys],
                    untranslated=[e for e in fresh if not e.translated],
                    bad_format=[(e, p) for e in fresh for p in placeholder_problems(e)],
                    stale_mo=mo_problems(committed_path) if committed_path.exists() else [],
                )
            )
        return reports
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def print_report(report: DomainReport) -> None:
    done = report.total - len(report.untranslated)
    print(
        f"{report.domain}.po: {report.total} messages in the source, {done} translated, "
        f"{len(report.untranslated)} to translate"
    )
    if report.new:
        print(f"\n{len(report.new)} new msgid(s) not yet in the committed {report.domain}.po:")
        print("\n".join(show(e) for e in report.new))
    if report.gone:
        print(f"\n{len(report.gone)} msgid(s) no longer in the source (dropped on the next run):")
        print("\n".join(show(e) for e in report.gone))
    if report.untranslated:
        print(
            f"\n{len(report.untranslated)} msgid(s) without a checked translation "
            "(empty msgstr or fuzzy):"
        )
        print(
            "\n".join(
                show(e) + ("  [fuzzy]" if "fuzzy" in e.flags else "") for e in report.untranslated
            )
        )
    if report.bad_format:
        print(f"\n{len(report.bad_format)} placeholder mismatch(es):")
        print("\n".join(f"{show(e)}: {p}" for e, p in report.bad_format))
    for message in report.stale_mo:
        print(f"\n{message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter with Django (default: this one)"
    )
    parser.add_argument(
        "--po-out", type=Path, help="write the entries that need a translation to this PO file"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="run in DIR (an empty folder) and keep it for inspection",
    )
    args = parser.parse_args(argv)

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    reports = collect(args.python, keep=args.keep)
    problems = 0
    for report in reports:
        print_report(report)
        problems += report.problems
    todo = [e for report in reports for e in report.untranslated]
    if args.po_out and todo:
        write_fragment(todo, args.po_out)
        print(f"\nWrote {len(todo)} entries to translate to {args.po_out}")
    if problems:
        print(
            "\nFix: make messages; translate the entries above in "
            f"{CATALOGUE}/django.po (drop '#, fuzzy' once checked); make messages."
        )
    else:
        print("OK: every message has an English translation and django.mo is up to date.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
