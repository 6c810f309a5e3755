"""Attachments: type sniffing, validation, text extraction, metadata removal, HTML preview."""

from __future__ import annotations

import io
import shutil
import stat
import zipfile

import docx
import pypdf
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from gongkai.lib import filetext
from gongkai.lib.filetext import (
    ALLOWED,
    FileRejected,
    docx_to_html,
    extract_text,
    metadata_strippable,
    sanitise_html,
    sniff_kind,
    strip_metadata,
    validate_upload,
)

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

# Strings that must not survive strip_metadata: people, internal ids, deleted wording, comments.
SECRETS = ["张三", "李四", "王五", "赵六", "内部意见", "OA-SECRET-4711", "处长甲", "某某局内部处室"]
DELETED_WORDING = "删除的旧措辞"
COMMENT_TEXT = "这一条请法规科再看看"

CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="OA流水号">'
    "<vt:lpwstr>OA-SECRET-4711</vt:lpwstr></property></Properties>"
)


def _rewrite_zip(data: bytes, replace) -> bytes:
    """Copy a zip, passing each member through ``replace(name, payload) -> bytes``."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            target.writestr(info, replace(info.filename, source.read(info)))
    return output.getvalue()


def _add_custom_properties(data: bytes) -> bytes:
    def replace(name: str, payload: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return payload
        text = payload.decode()
        if name == "_rels/.rels":
            text = text.replace(
                "</Relationships>",
                '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/custom-properties" '
                'Target="docProps/custom.xml"/></Relationships>',
            )
        elif name == "[Content_Types].xml":
            text = text.replace(
                "</Types>",
                '<Override PartName="/docProps/custom.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
            )
        elif name == "docProps/app.xml":
            text = text.replace(
                "</Properties>",
                "<Company>某某局内部处室</Company><Manager>处长甲</Manager></Properties>",
            )
        return text.encode()

    output = io.BytesIO(_rewrite_zip(data, replace))
    with zipfile.ZipFile(output, "a") as archive:
        archive.writestr("docProps/custom.xml", CUSTOM_XML)
    return output.getvalue()


def make_docx(*, tracked_changes: bool = True, extras: bool = True) -> bytes:
    """A realistic draft: author metadata, Chinese text, a table, a comment, tracked changes."""
    document = docx.Document()
    properties = document.core_properties
    properties.author = "张三"
    properties.last_modified_by = "李四"
    properties.comments = "内部意见：暂不公开"
    properties.title = "安顺市市级储备粮管理办法"
    properties.revision = 17

    document.add_paragraph("安顺市人民政府关于印发安顺市市级储备粮管理办法的通知")
    first = document.add_paragraph("第一条 为加强市级储备粮管理，保障数量真实、质量良好。")
    table = document.add_table(rows=3, cols=2)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "举报奖励标准"
    table.cell(1, 0).text = "项目"
    table.cell(1, 1).text = "金额"
    table.cell(2, 0).text = "一般举报"
    table.cell(2, 1).text = "5000元"
    revised = document.add_paragraph("第二条 本办法")
    if tracked_changes:
        revised._p.append(
            parse_xml(
                f'<w:ins {W_NS} w:id="101" w:author="赵六" w:date="2023-09-01T08:00:00Z">'
                "<w:r><w:t>自印发之日起施行</w:t></w:r></w:ins>"
            )
        )
        revised._p.append(
            parse_xml(
                f'<w:del {W_NS} w:id="102" w:author="赵六" w:date="2023-09-01T08:00:00Z">'
                f"<w:r><w:delText>{DELETED_WORDING}</w:delText></w:r></w:del>"
            )
        )
    if extras:
        document.add_comment(first.runs[0], text=COMMENT_TEXT, author="王五", initials="WW")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _add_custom_properties(data) if extras else data


def make_pdf(text: str = "Hello Gongkai 2023", *, author: str | None = None) -> bytes:
    """A minimal one-page PDF written by hand: Helvetica text, optional /Info dictionary."""
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if author:
        objects.append(b"<< /Author (%s) /Creator (Internal OA) >>" % author.encode())
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if author:
        trailer += b" /Info %d 0 R" % len(objects)
    output += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def make_pdf_with_xmp(author: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(author=author))))
    writer.xmp_metadata = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{author}-xmp</dc:creator>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    writer.add_metadata({"/Author": author, "/Subject": "draft"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def make_doc() -> bytes:
    """Enough of an OLE2 compound file to be sniffed as Word 97–2003."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    return header + "WordDocument".encode("utf-16-le") + bytes(100)


def all_part_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


@pytest.fixture(scope="module")
def draft_docx() -> bytes:
    return make_docx()


@pytest.fixture(scope="module")
def clean_docx(draft_docx) -> bytes:
    return strip_metadata(draft_docx, "docx")


# --- type sniffing and validation --------------------------------------------------------------


def test_allowed_kinds():
    assert set(ALLOWED) == {"docx", "pdf", "doc"}


def test_file_rejected_is_a_value_error_with_code_and_chinese_message():
    error = FileRejected("mismatch")

    assert isinstance(error, ValueError)
    assert error.code == "mismatch"
    assert str(error) == "文件内容与扩展名不符，请确认文件格式后重新上传。"
    assert (
        str(FileRejected("too_large", "文件过大：不能超过 10.0 MB。"))
        == "文件过大：不能超过 10.0 MB。"
    )


@pytest.mark.parametrize(
    ("maker", "filename", "kind"),
    [
        (make_docx, "通知.docx", "docx"),
        (make_docx, "通知.DOCX", "docx"),
        (make_docx, "C:\\Users\\clerk\\Desktop\\通知.docx", "docx"),
        (make_pdf, "report.pdf", "pdf"),
        (make_doc, "old.doc", "doc"),
    ],
)
def test_sniff_kind_accepts_matching_content(maker, filename, kind):
    assert sniff_kind(maker(), filename) == kind


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (make_docx(extras=False), "really-a-zip.pdf", "mismatch"),
        (make_pdf(), "a.docx", "mismatch"),
        (make_pdf(), "a.doc", "mismatch"),
        (make_docx(extras=False), "a.doc", "mismatch"),
        (b"just some text", "a.pdf", "mismatch"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600), "sheet.doc", "mismatch"),  # not Word
        (make_docx(extras=False), "a.docx.exe", "bad_type"),
        (make_pdf(), "a.txt", "bad_type"),
        (make_pdf(), "noextension", "bad_type"),
        (b"", "empty.pdf", "empty"),
        (b"PK\x03\x04 truncated zip", "a.docx", "corrupt"),
    ],
)
def test_sniff_kind_rejects(data, filename, code):
    with pytest.raises(FileRejected) as excinfo:
        sniff_kind(data, filename)

    assert excinfo.value.code == code
    assert str(excinfo.value)  # a Chinese message for the user


def test_plain_zip_named_docx_is_a_mismatch():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("readme.txt", "hello")

    with pytest.raises(FileRejected) as excinfo:
        sniff_kind(buffer.getvalue(), "a.docx")

    assert excinfo.value.code == "mismatch"


def test_macro_enabled_document_named_docx_is_a_mismatch():
    def replace(name: str, payload: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return payload.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        return payload

    docm = _rewrite_zip(make_docx(extras=False), replace)

    with pytest.raises(FileRejected) as excinfo:
        sniff_kind(docm, "a.docx")

    assert excinfo.value.code == "mismatch"


def test_validate_upload_returns_kind():
    assert validate_upload(make_pdf(), "a.pdf", max_bytes=10_000) == "pdf"
    assert validate_upload(make_docx(), "a.docx", max_bytes=10_000_000) == "docx"


def test_validate_upload_rejects_oversize_file_before_anything_else():
    data = make_pdf()

    with pytest.raises(FileRejected) as excinfo:
        validate_upload(data, "a.exe", max_bytes=len(data) - 1)

    assert excinfo.value.code == "too_large"
    assert "文件过大" in str(excinfo.value)


def test_validate_upload_accepts_file_of_exactly_max_bytes():
    data = make_pdf()

    assert validate_upload(data, "a.pdf", max_bytes=len(data)) == "pdf"


def test_validate_upload_rejects_empty_file():
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(b"", "a.docx", max_bytes=1000)

    assert excinfo.value.code == "empty"


def test_validate_upload_rejects_truncated_docx():
    data = make_docx()

    with pytest.raises(FileRejected) as excinfo:
        validate_upload(data[: len(data) // 2], "a.docx", max_bytes=10_000_000)

    assert excinfo.value.code == "corrupt"


def test_validate_upload_rejects_unreadable_pdf():
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(b"%PDF-1.7\nnot really a pdf", "a.pdf", max_bytes=10_000)

    assert excinfo.value.code == "corrupt"


def test_validate_upload_rejects_decompression_bomb():
    with pytest.raises(FileRejected) as excinfo:
        validate_upload(
            make_docx(),
            "a.docx",
            max_bytes=10_000_000,
            limits=filetext.Limits(max_total_bytes=1000),
        )

    assert excinfo.value.code == "expands"


def test_validate_upload_rejects_password_protected_pdf():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)

    with pytest.raises(FileRejected) as excinfo:
        validate_upload(output.getvalue(), "a.pdf", max_bytes=100_000)

    assert excinfo.value.code == "encrypted"


# --- text extraction ---------------------------------------------------------------------------


def test_extract_text_from_docx_keeps_order_tables_and_accepts_changes(draft_docx):
    text = extract_text(draft_docx, "docx")

    lines = text.splitlines()
    assert lines[0] == "安顺市人民政府关于印发安顺市市级储备粮管理办法的通知"
    assert lines[1].startswith("第一条 为加强市级储备粮管理")
    assert lines[2] == "举报奖励标准"  # merged cell emitted once
    assert lines[3:5] == ["项目\t金额", "一般举报\t5000元"]
    assert lines[5] == "第二条 本办法自印发之日起施行"
    assert DELETED_WORDING not in text


def test_extract_text_from_docx_reads_content_controls_and_skips_tab_stops():
    document = docx.Document()
    document.element.body.insert(
        0,
        parse_xml(
            f'<w:sdt {W_NS}><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent>'
            '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
            "<w:r><w:t>发文机关</w:t></w:r><w:r><w:tab/><w:t>某某区人民政府</w:t></w:r>"
            "<w:sdt><w:sdtContent><w:r><w:t>（盖章）</w:t></w:r></w:sdtContent></w:sdt>"
            "</w:p></w:sdtContent></w:sdt>"
        ),
    )
    buffer = io.BytesIO()
    document.save(buffer)

    assert extract_text(buffer.getvalue(), "docx") == "发文机关\t某某区人民政府（盖章）"


def test_extract_text_from_pdf():
    assert "Hello Gongkai 2023" in extract_text(make_pdf(), "pdf")


def test_extract_text_from_pdf_without_text_layer_is_empty():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    output = io.BytesIO()
    writer.write(output)

    assert extract_text(output.getvalue(), "pdf").strip() == ""


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04 broken", "docx"),
        (b"%PDF-1.4 broken", "pdf"),
        (b"not a zip at all", "docx"),
    ],
)
def test_extract_text_rejects_corrupt_files(data, kind):
    with pytest.raises(FileRejected) as excinfo:
        extract_text(data, kind)

    assert excinfo.value.code == "corrupt"


def test_extract_text_rejects_unknown_kind():
    with pytest.raises(FileRejected) as excinfo:
        extract_text(b"data", "xls")

    assert excinfo.value.code == "bad_type"


def test_extract_text_from_doc_without_converter_is_empty(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)

    assert extract_text(make_doc(), "doc") == ""


def _fake_converter(folder, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_extract_text_from_doc_uses_antiword(monkeypatch, tmp_path):
    _fake_converter(tmp_path, "antiword", 'printf "旧格式文件正文\\n"')
    monkeypatch.setenv("PATH", str(tmp_path))

    assert extract_text(make_doc(), "doc") == "旧格式文件正文\n"


def test_extract_text_from_doc_falls_back_to_catdoc(monkeypatch, tmp_path):
    _fake_converter(tmp_path, "antiword", "exit 1")
    _fake_converter(tmp_path, "catdoc", 'printf "catdoc 正文"')
    monkeypatch.setenv("PATH", str(tmp_path))

    assert extract_text(make_doc(), "doc") == "catdoc 正文"


# --- metadata removal --------------------------------------------------------------------------


def test_metadata_strippable():
    assert metadata_strippable("docx")
    assert metadata_strippable("pdf")
    assert not metadata_strippable("doc")


def test_draft_fixture_really_contains_the_secrets(draft_docx):
    raw = all_part_bytes(draft_docx)

    for secret in [*SECRETS, DELETED_WORDING, COMMENT_TEXT]:
        assert secret.encode() in raw, secret


def test_strip_docx_clears_core_properties_but_keeps_title(clean_docx):
    properties = docx.Document(io.BytesIO(clean_docx)).core_properties

    assert properties.author == ""
    assert properties.last_modified_by == ""
    assert properties.comments == ""
    assert properties.revision == 1
    assert properties.created is None
    assert properties.title == "安顺市市级储备粮管理办法"


def test_strip_docx_removes_every_trace_of_people_and_history(clean_docx):
    raw = all_part_bytes(clean_docx)

    for secret in [*SECRETS, DELETED_WORDING, COMMENT_TEXT]:
        assert secret.encode() not in raw, secret
    assert b"w:rsid" not in raw


def test_strip_docx_removes_parts_and_their_references(clean_docx):
    with zipfile.ZipFile(io.BytesIO(clean_docx)) as archive:
        names = set(archive.namelist())
        references = b"".join(
            archive.read(name) for name in names if name.endswith(".rels") or name.startswith("[")
        )
        dates = {info.date_time for info in archive.infolist()}

    assert "docProps/custom.xml" not in names
    assert "word/comments.xml" not in names
    assert b"custom.xml" not in references
    assert b"comments.xml" not in references
    assert dates == {(1980, 1, 1, 0, 0, 0)}


def test_strip_docx_keeps_the_text(draft_docx, clean_docx):
    assert extract_text(clean_docx, "docx") == extract_text(draft_docx, "docx")
    assert validate_upload(clean_docx, "clean.docx", max_bytes=10_000_000) == "docx"


def test_strip_docx_is_idempotent(clean_docx):
    again = strip_metadata(clean_docx, "docx")

    assert extract_text(again, "docx") == extract_text(clean_docx, "docx")
    assert docx.Document(io.BytesIO(again)).core_properties.author == ""


def test_strip_pdf_removes_info_and_xmp_and_keeps_text():
    data = make_pdf_with_xmp("Zhang San")
    before = pypdf.PdfReader(io.BytesIO(data))
    assert before.metadata.author == "Zhang San"
    assert before.xmp_metadata is not None

    clean = strip_metadata(data, "pdf")

    reader = pypdf.PdfReader(io.BytesIO(clean))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert b"Zhang San" not in clean
    assert b"Internal OA" not in clean
    assert "Hello Gongkai 2023" in extract_text(clean, "pdf")


def test_strip_handmade_pdf_with_info_dictionary():
    clean = strip_metadata(make_pdf(author="Li Si"), "pdf")

    assert b"Li Si" not in clean
    assert pypdf.PdfReader(io.BytesIO(clean)).metadata is None


def test_strip_doc_returns_data_unchanged():
    data = make_doc()

    assert strip_metadata(data, "doc") is data


# --- HTML preview ------------------------------------------------------------------------------


def test_docx_to_html_renders_paragraphs_and_tables(clean_docx):
    markup = docx_to_html(clean_docx)

    assert "<p>安顺市人民政府关于印发安顺市市级储备粮管理办法的通知</p>" in markup
    assert "<table>" in markup
    assert "5000元" in markup


def _docx_with_hyperlink(url: str, text: str) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("<script>alert('x')</script> 见")
    rel_id = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {W_NS} {R_NS} r:id="{rel_id}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_to_html_escapes_text_and_drops_javascript_links():
    markup = docx_to_html(_docx_with_hyperlink("javascript:alert(document.cookie)", "链接"))

    assert "<script" not in markup
    assert "&lt;script&gt;" in markup
    assert "javascript" not in markup.lower()
    assert "链接" in markup


def test_docx_to_html_keeps_web_links():
    markup = docx_to_html(_docx_with_hyperlink("https://www.gov.cn/zhengce/", "中国政府网"))

    assert '<a href="https://www.gov.cn/zhengce/" rel="noopener noreferrer nofollow">' in markup


def test_docx_to_html_prefixes_element_ids():
    document = docx.Document()
    paragraph = document.add_paragraph("标题")
    paragraph._p.append(parse_xml(f'<w:bookmarkStart {W_NS} w:id="0" w:name="cookie"/>'))
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {W_NS} w:id="0"/>'))
    buffer = io.BytesIO()
    document.save(buffer)

    assert docx_to_html(buffer.getvalue()) == '<p>标题<a id="att-cookie"></a></p>'


def test_docx_to_html_rejects_corrupt_file():
    with pytest.raises(FileRejected) as excinfo:
        docx_to_html(b"PK\x03\x04 broken")

    assert excinfo.value.code == "corrupt"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<p onclick="x()">文字</p>', "<p>文字</p>"),
        ('<a href=" JaVa\tScript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="#footnote-1" id="ref-1">1</a>', '<a href="#footnote-1" id="ref-1">1</a>'),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ("<style>p{}</style><div><p>ok</p></div>", "<p>ok</p>"),
        ('<img src="https://evil.example/x.png">', ""),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ""),
        (
            '<img src="data:image/png;base64,iVBORw0=" alt="图">',
            '<img src="data:image/png;base64,iVBORw0=" alt="图">',
        ),
        ('<td colspan="2" rowspan="x">a</td>', '<td colspan="2">a</td>'),
        ("<p>&lt;b&gt; &amp; 文</p>", "<p>&lt;b&gt; &amp; 文</p>"),
        ("<br/>", "<br>"),
    ],
)
def test_sanitise_html(markup, expected):
    assert sanitise_html(markup) == expected
