"""Hostile files (issue 16): decompression bombs, lying zip headers, text/page/HTML caps,
and metadata stripping that reports what it could not remove."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import docx
import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from gongkai.lib import filetext
from gongkai.lib.filetext import (
    RESIDUAL_DOC,
    FileRejected,
    Limits,
    docx_to_html,
    extract,
    residual_metadata,
    strip_metadata,
    validate_upload,
)
from gongkai.lib.tests.test_filetext import make_doc, make_pdf

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def small_docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, replace, extra: dict[str, bytes] | None = None) -> bytes:
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in (extra or {}):
                target.writestr(info.filename, replace(info.filename, source.read(info)))
        for name, payload in (extra or {}).items():
            target.writestr(name, payload)
    return output.getvalue()


def bomb_docx(xml_bytes: int) -> bytes:
    """A valid DOCX whose document.xml inflates to about ``xml_bytes`` (a few hundred KB zipped)."""
    paragraph = "<w:p><w:r><w:t>政务公开政务公开</w:t></w:r></w:p>"
    body = paragraph * (xml_bytes // len(paragraph.encode()))

    def replace(name: str, payload: bytes) -> bytes:
        if name != "word/document.xml":
            return payload
        return payload.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)

    return _rewrite(small_docx("标题"), replace)


def test_docx_that_inflates_past_the_member_cap_is_refused_quickly():
    data = bomb_docx(40 * 1024 * 1024)  # 40 MB of XML > the 32 MiB default member cap
    assert len(data) < 1024 * 1024

    started = time.monotonic()
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(data, "炸弹.docx", max_bytes=20 * 1024 * 1024)

    assert excinfo.value.code == "expands"
    assert "解压后过大" in str(excinfo.value)
    assert time.monotonic() - started < 2


def _lie_about_sizes(data: bytes, member: str, declared: int) -> bytes:
    """Patch the local header and the central directory so ``member`` claims ``declared``
    uncompressed bytes (a zip whose headers lie)."""
    blob = bytearray(data)
    name = member.encode()
    # Local file header: signature PK\x03\x04, uncompressed size at offset 22.
    offset = blob.find(b"PK\x03\x04")
    while offset != -1:
        name_length = struct.unpack_from("<H", blob, offset + 26)[0]
        if bytes(blob[offset + 30 : offset + 30 + name_length]) == name:
            struct.pack_into("<I", blob, offset + 22, declared)
        offset = blob.find(b"PK\x03\x04", offset + 4)
    # Central directory header: signature PK\x01\x02, uncompressed size at offset 24.
    offset = blob.find(b"PK\x01\x02")
    while offset != -1:
        name_length = struct.unpack_from("<H", blob, offset + 28)[0]
        if bytes(blob[offset + 46 : offset + 46 + name_length]) == name:
            struct.pack_into("<I", blob, offset + 24, declared)
        offset = blob.find(b"PK\x01\x02", offset + 4)
    return bytes(blob)


def test_zip_headers_that_lie_about_the_size_do_not_get_past_the_caps():
    data = _lie_about_sizes(bomb_docx(40 * 1024 * 1024), "word/document.xml", 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1000  # the header passes

    started = time.monotonic()
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(data, "a.docx", max_bytes=20 * 1024 * 1024)

    assert excinfo.value.code in {"expands", "corrupt"}
    assert time.monotonic() - started < 2


def test_total_uncompressed_size_is_capped_across_members():
    data = small_docx("正文")
    limits = Limits(
        max_total_bytes=sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()) - 1
    )

    with pytest.raises(FileRejected) as excinfo:
        validate_upload(data, "a.docx", max_bytes=10_000_000, limits=limits)

    assert excinfo.value.code == "expands"


def test_extracted_text_is_cut_at_the_cap_and_the_cut_is_reported():
    data = small_docx(*["第一条 为规范政务公开工作。"] * 200)

    result = extract(data, "docx", Limits(max_text_chars=1000))

    assert result.truncated is True
    assert len(result.text) == 1000
    assert result.text.startswith("第一条 为规范政务公开工作。\n第一条")


def test_text_under_the_cap_is_not_marked_cut():
    result = extract(small_docx("第一条", "第二条"), "docx", Limits(max_text_chars=1000))

    assert result == filetext.Extracted("第一条\n第二条", truncated=False)


def _pdf_pages(count: int) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_pdf_with_too_many_pages_is_refused():
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(_pdf_pages(5), "a.pdf", max_bytes=1_000_000, limits=Limits(max_pages=4))

    assert excinfo.value.code == "too_many_pages"
    assert "4 页" in str(excinfo.value)
    assert validate_upload(_pdf_pages(4), "a.pdf", 1_000_000, Limits(max_pages=4)) == "pdf"


def test_html_past_the_cap_is_refused():
    data = small_docx(*["第一条 为规范政务公开工作。"] * 50)

    with pytest.raises(FileRejected) as excinfo:
        docx_to_html(data, Limits(max_html_chars=100))

    assert excinfo.value.code == "too_large"


# --- metadata stripping tells the truth -------------------------------------------------------

CUSTOM_ITEM = b"<oa><drafter>\xe5\xbc\xa0\xe4\xb8\x89</drafter><serial>OA-SECRET-4711</serial></oa>"
GLOSSARY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:glossaryDocument xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:docParts><w:docPart><w:docPartBody><w:p><w:r><w:t>内部草稿词条GLOSSARY-SECRET</w:t>"
    "</w:r></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
).encode()
THUMBNAIL = b"\xff\xd8\xff\xe0THUMBNAIL-SECRET"
BOUND_CONTROL = (
    "<w:sdt><w:sdtPr><w:dataBinding w:xpath='/oa/drafter' w:storeItemID='{1}'/></w:sdtPr>"
    "<w:sdtContent><w:p><w:r><w:t>绑定内容</w:t></w:r></w:p></w:sdtContent></w:sdt>"
)


def docx_with_hidden_parts() -> bytes:
    def replace(name: str, payload: bytes) -> bytes:
        text = payload.decode() if name.endswith((".xml", ".rels")) else None
        if text is None:
            return payload
        if name == "_rels/.rels":
            text = text.replace(
                "</Relationships>",
                f'<Relationship Id="rIdThumb" Type="{PKG_REL}/metadata/thumbnail" '
                'Target="docProps/thumbnail.jpeg"/></Relationships>',
            )
        elif name == "word/_rels/document.xml.rels":
            text = text.replace(
                "</Relationships>",
                f'<Relationship Id="rIdCx" Type="{OFFICE_REL}/customXml" '
                'Target="../customXml/item1.xml"/>'
                f'<Relationship Id="rIdGl" Type="{OFFICE_REL}/glossaryDocument" '
                'Target="glossary/document.xml"/></Relationships>',
            )
        elif name == "[Content_Types].xml":
            text = text.replace(
                "</Types>",
                '<Override PartName="/word/glossary/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml"/>'
                '<Override PartName="/docProps/thumbnail.jpeg" ContentType="image/jpeg"/></Types>',
            )
        elif name == "word/document.xml":
            text = text.replace("<w:body>", "<w:body>" + BOUND_CONTROL, 1)
        return text.encode()

    return _rewrite(
        small_docx("正文"),
        replace,
        {
            "customXml/item1.xml": CUSTOM_ITEM,
            "customXml/itemProps1.xml": b"<ds:datastoreItem xmlns:ds='x' ds:itemID='{1}'/>",
            "word/glossary/document.xml": GLOSSARY,
            "docProps/thumbnail.jpeg": THUMBNAIL,
        },
    )


def _all_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_docx_custom_xml_glossary_and_thumbnail_are_removed():
    data = docx_with_hidden_parts()
    assert {"自定义 XML 数据", "文档部件（自动图文集）", "缩略图"} <= set(
        residual_metadata(data, "docx")
    )

    cleaned = strip_metadata(data, "docx")

    names = zipfile.ZipFile(io.BytesIO(cleaned)).namelist()
    assert not [n for n in names if n.startswith(("customXml/", "word/glossary/"))]
    assert not [n for n in names if n.startswith("docProps/thumbnail")]
    everything = _all_bytes(cleaned)
    for secret in [b"OA-SECRET-4711", b"GLOSSARY-SECRET", b"THUMBNAIL-SECRET", b"dataBinding"]:
        assert secret not in everything
    assert b"customXml/item1.xml" not in everything  # no dangling relationship
    assert residual_metadata(cleaned, "docx") == []
    # Still a readable document that shows the bound control's text.
    assert extract(cleaned, "docx").text == "绑定内容\n正文"


def pdf_with_active_content() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf("Notice"))))
    writer.add_attachment("名单.txt", b"EMBEDDED-SECRET")
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('DOC-JS-SECRET');"),
        }
    )
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = writer._add_object(  # type: ignore[index]
        DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    [TextStringObject("init"), writer._add_object(script)]
                )
            }
        )
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(script)})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_pdf_javascript_actions_and_embedded_files_are_removed():
    data = pdf_with_active_content()
    found = residual_metadata(data, "pdf")
    assert "JavaScript 脚本" in found and "嵌入文件" in found

    cleaned = strip_metadata(data, "pdf")

    assert residual_metadata(cleaned, "pdf") == []
    for secret in [b"DOC-JS-SECRET", b"EMBEDDED-SECRET", b"/JavaScript", b"/OpenAction", b"/AA"]:
        assert secret not in cleaned
    assert "Notice" in extract(cleaned, "pdf").text


def test_legacy_doc_is_reported_as_not_strippable():
    data = make_doc()

    assert strip_metadata(data, "doc") == data
    assert residual_metadata(data, "doc") == [RESIDUAL_DOC]


def test_the_child_process_gets_no_secrets_of_the_web_process(monkeypatch):
    from gongkai.lib import filework

    monkeypatch.setenv("SECRET_KEY", "web-process-secret")
    seen: dict[str, object] = {}
    real_run = filework.subprocess.run  # type: ignore[attr-defined]

    def spy(*args, **kwargs):
        seen.update(kwargs["env"])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(filework.subprocess, "run", spy)  # type: ignore[attr-defined]

    assert filework.inspect_upload(small_docx("正文"), "a.docx", 1_000_000).text == "正文"
    assert "SECRET_KEY" not in seen and "PATH" in seen
