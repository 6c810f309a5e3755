"""Run the work on an uploaded file in a child process, bounded in time and memory.

:mod:`gongkai.lib.filetext` caps the sizes of what a file yields, but parsing is still
costly: mammoth needs minutes and gigabytes for a DOCX of a few hundred thousand paragraphs,
and a hostile PDF can make pypdf loop. Each operation therefore runs in a fresh interpreter
(``python -m gongkai.lib.filework``) that first limits its own address space (RLIMIT_AS) and
CPU time (RLIMIT_CPU); the parent also stops waiting after ``Limits.max_seconds``. A child
that runs out of either is reported as :class:`FileRejected` ``too_complex``; the worker that
served the web request is never at risk.

Operations (the parent sends one JSON line, then the file's bytes, on standard input; the
child answers one JSON object):

- :func:`inspect_upload`: type check, text (cut at the cap) and what metadata would remain.
- :func:`strip`: the copy to publish, and what metadata it still holds.
- :func:`render_html`: the online-reading HTML of a DOCX.

Pure Python: no Django.
"""

from __future__ import annotations

import base64
import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gongkai.lib.filetext import (
    DEFAULT_LIMITS,
    FileRejected,
    Limits,
    docx_to_html,
    extract,
    metadata_strippable,
    residual_metadata,
    strip_metadata,
    validate_upload,
)

__all__ = ["Inspection", "Stripped", "inspect_upload", "render_html", "strip"]

_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])
# PATH finds antiword/catdoc for legacy DOC text; the rest is locale and temporary files.
_INHERITED_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "HOME")
_TIMEOUT_MESSAGE = "文件过于复杂，处理超时，已停止处理。"
_CRASH_MESSAGE = "文件过于复杂，超出了允许的处理时间或内存，已停止处理。"


@dataclass(frozen=True)
class Inspection:
    kind: str
    text: str
    text_truncated: bool
    # What strip_metadata would leave in the file (Chinese labels); [] when it can all go.
    residual: list[str]


@dataclass(frozen=True)
class Stripped:
    data: bytes
    residual: list[str]


def _failure_label(exc: FileRejected) -> str:
    return f"无法清除元数据：{exc}"


def _trial_residual(data: bytes, kind: str, limits: Limits) -> list[str]:
    if not metadata_strippable(kind):
        return residual_metadata(data, kind, limits)
    try:
        return residual_metadata(strip_metadata(data, kind, limits), kind, limits)
    except FileRejected as exc:
        return [_failure_label(exc)]


# --- child side ---------------------------------------------------------------------------


def _child_inspect(data: bytes, request: dict[str, Any], limits: Limits) -> dict[str, Any]:
    kind = validate_upload(data, request["filename"], request["max_bytes"], limits)
    extracted = extract(data, kind, limits)
    return {
        "kind": kind,
        "text": extracted.text,
        "text_truncated": extracted.truncated,
        "residual": _trial_residual(data, kind, limits),
    }


def _child_strip(data: bytes, request: dict[str, Any], limits: Limits) -> dict[str, Any]:
    kind = request["kind"]
    cleaned = strip_metadata(data, kind, limits)
    return {
        "data": base64.b64encode(cleaned).decode("ascii"),
        "residual": residual_metadata(cleaned, kind, limits),
    }


def _child_render(data: bytes, request: dict[str, Any], limits: Limits) -> dict[str, Any]:
    return {"html": docx_to_html(data, limits)}


_OPERATIONS: dict[str, Callable[[bytes, dict[str, Any], Limits], dict[str, Any]]] = {
    "inspect": _child_inspect,
    "strip": _child_strip,
    "render": _child_render,
}


def _limit_self(limits: Limits) -> None:
    import resource

    memory = limits.max_memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = math.ceil(limits.max_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))


def child_main(operation: str) -> int:
    header, _newline, data = sys.stdin.buffer.read().partition(b"\n")
    request = json.loads(header)
    limits = Limits(**request["limits"])
    _limit_self(limits)
    try:
        result = _OPERATIONS[operation](data, request, limits)
    except FileRejected as exc:
        result = {"error": exc.code, "message": str(exc)}
    except MemoryError:
        result = {"error": "too_complex", "message": _CRASH_MESSAGE}
    except RecursionError:
        result = {"error": "corrupt", "message": str(FileRejected("corrupt"))}
    sys.stdout.write(json.dumps(result, ensure_ascii=True))
    sys.stdout.flush()
    return 0


# --- parent side ----------------------------------------------------------------------------


def _run(operation: str, data: bytes, limits: Limits, **request: Any) -> dict[str, Any]:
    header = json.dumps({"limits": asdict(limits), **request}).encode()
    # Only what the child needs: not the secrets (SECRET_KEY, DATABASE_URL…) of the web process,
    # which a parser bug exploited by a hostile file could otherwise read.
    environment = {name: os.environ[name] for name in _INHERITED_ENVIRONMENT if name in os.environ}
    environment["PYTHONPATH"] = os.pathsep.join(
        path for path in [_SOURCE_ROOT, os.environ.get("PYTHONPATH", "")] if path
    )
    try:
        completed = subprocess.run(  # noqa: S603 - this interpreter, a fixed module
            [sys.executable, "-m", "gongkai.lib.filework", operation],
            input=header + b"\n" + data,
            capture_output=True,
            timeout=limits.max_seconds,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FileRejected("too_complex", _TIMEOUT_MESSAGE) from None
    if completed.returncode != 0 or not completed.stdout:
        # Killed by RLIMIT_CPU, or the interpreter could not allocate memory outside Python.
        raise FileRejected("too_complex", _CRASH_MESSAGE)
    result: dict[str, Any] = json.loads(completed.stdout)
    if "error" in result:
        raise FileRejected(result["error"], result["message"])
    return result


def inspect_upload(
    data: bytes, filename: str, max_bytes: int, limits: Limits = DEFAULT_LIMITS
) -> Inspection:
    """Validate an upload and read it; raise :class:`FileRejected` if it cannot be accepted."""
    result = _run("inspect", data, limits, filename=filename, max_bytes=max_bytes)
    return Inspection(
        kind=result["kind"],
        text=result["text"],
        text_truncated=result["text_truncated"],
        residual=list(result["residual"]),
    )


def strip(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> Stripped:
    """The copy of the file to publish. When it cannot be made (a legacy DOC, or the file
    defeats the stripper), the file itself, with ``residual`` saying what remains."""
    if not metadata_strippable(kind):
        return Stripped(data, residual_metadata(data, kind, limits))
    try:
        result = _run("strip", data, limits, kind=kind)
    except FileRejected as exc:
        return Stripped(data, [_failure_label(exc)])
    return Stripped(base64.b64decode(result["data"]), list(result["residual"]))


def render_html(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """Online-reading HTML of a DOCX; :class:`FileRejected` when it cannot be made in bounds."""
    html: str = _run("render", data, limits)["html"]
    return html


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1]))
