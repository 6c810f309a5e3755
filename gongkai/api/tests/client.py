"""An HTTP client for API tests: paths relative to /api/v1, JSON bodies, bearer auth."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfWriter

BASE = "/api/v1"


class ApiClient:
    """Wraps the Django test client: paths relative to /api/v1, JSON bodies, bearer auth."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(BASE + path, params or {}, headers=self._headers(None))

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str] | None) -> Any:
        send = getattr(self.client, method)
        return send(
            BASE + path,
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._send("post", path, body, headers)

    def patch(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self._send("patch", path, body, headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(BASE + path, headers=self._headers(None))

    def upload(self, path: str, filename: str, data: bytes, title: str = "") -> Any:
        return self.client.post(
            BASE + path,
            data={"file": SimpleUploadedFile(filename, data), "title": title},
            headers=self._headers(None),
        )


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def create(client: ApiClient, district: Any, **fields: Any) -> dict[str, Any]:
    """POST /documents for 教育局 and return the body, asserting 201."""
    body = {"organ": district.education.pk, "title": "示范区教育局关于做好2026年秋季开学工作的通知"}
    body.update(fields)
    response = client.post("/documents", body)
    assert response.status_code == 201, response.content
    return response.json()
