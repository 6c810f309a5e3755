"""The embedded default serves published files itself (PublishedPageMiddleware)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.documents import services as document_services
from gongkai.publishing import publisher

pytestmark = pytest.mark.django_db

MIDDLEWARE = "gongkai.publishing.middleware.PublishedPageMiddleware"


@pytest.fixture(autouse=True)
def serving(settings: Any) -> None:
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, MIDDLEWARE
    )
    settings.MIDDLEWARE = middleware
    settings.GONGKAI_SERVE_PUBLISHED = True


@pytest.fixture
def page(published: Any, root: Path) -> Any:
    document = published(title="静态发布的文件")
    publisher.publish_all()
    return document


def test_serves_the_published_file_with_validators(page: Any, client: Client, root: Path) -> None:
    url = f"/xxgk/documents/{page.uid}/"
    (root / url.strip("/") / "index.html").write_bytes(b"<!DOCTYPE html><title>from file</title>")

    response = client.get(url)

    assert response.status_code == 200
    assert response.content == b"<!DOCTYPE html><title>from file</title>"
    assert response["X-Gongkai-Published"] == "1"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_the_file_is_the_dynamic_page(page: Any, client: Client, settings: Any) -> None:
    url = f"/xxgk/documents/{page.uid}/"
    served = client.get(url)
    settings.GONGKAI_SERVE_PUBLISHED = False
    dynamic = Client().get(url)

    assert served["X-Gongkai-Published"] == "1"
    assert served.content == dynamic.content


def test_conditional_get_answers_304(page: Any, client: Client) -> None:
    url = f"/xxgk/documents/{page.uid}/"
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response.content == b""


def test_gzip_clients_get_the_precompressed_file(page: Any, client: Client) -> None:
    import gzip

    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "静态发布的文件" in gzip.decompress(response.content).decode()


@pytest.mark.parametrize(
    ("query", "cookies"),
    [("?organ=1", {}), ("?page=1", {}), ("", {"gk_elder": "1"})],
)
def test_queries_and_the_elder_cookie_go_to_django(
    page: Any, client: Client, root: Path, query: str, cookies: dict[str, str]
) -> None:
    (root / "xxgk" / "documents" / "index.html").write_bytes(b"stale")
    for name, value in cookies.items():
        client.cookies[name] = value

    response = client.get(f"/xxgk/documents/{query}")

    assert response.status_code == 200
    assert "X-Gongkai-Published" not in response
    assert response.content != b"stale"


def test_feeds_and_sitemap_are_served_with_their_content_types(page: Any, client: Client) -> None:
    rss = client.get("/feeds/documents/rss.xml")
    sitemap = client.get("/sitemap.xml")

    assert rss["X-Gongkai-Published"] == "1"
    assert rss["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert sitemap["Content-Type"] == "application/xml"


def test_unpublished_paths_fall_through_to_django(page: Any, client: Client) -> None:
    response = client.get("/xxgk/documents/page/2/")
    assert response.status_code == 404
    assert "X-Gongkai-Published" not in response


def test_a_withdrawn_document_is_gone_from_the_files_and_404s(
    issued: Any, reviewer: Any, run_on_commit: Any, client: Client, root: Path
) -> None:
    document = issued(title="发布后撤回")
    run_on_commit(document_services.document_publish, actor=reviewer, document=document)
    url = f"/xxgk/documents/{document.uid}/"
    assert client.get(url)["X-Gongkai-Published"] == "1"

    run_on_commit(
        document_services.document_withdraw, actor=reviewer, document=document, reason="撤回"
    )

    assert publisher.file_for(url, root) is not None
    assert not publisher.file_for(url, root).exists()  # type: ignore[union-attr]
    assert client.get(url).status_code == 404


def test_serving_is_off_by_default_in_debug(settings: Any) -> None:
    from gongkai.publishing.middleware import serving_enabled

    del settings.GONGKAI_SERVE_PUBLISHED
    settings.DEBUG = True
    assert serving_enabled() is False
    settings.DEBUG = False
    assert serving_enabled() is True


def test_a_published_file_honours_allowed_hosts(page: Any, client: Client, root: Path) -> None:
    url = f"/xxgk/documents/{page.uid}/"
    (root / url.strip("/") / "index.html").write_bytes(b"<!DOCTYPE html><title>from file</title>")

    forged = client.get(url, headers={"Host": "evil.example.com"})

    assert forged.status_code == 400
    assert b"from file" not in forged.content
    assert client.get(url).status_code == 200
