# The data part of 0005, in its own migration: on PostgreSQL, updating rows in the
# transaction that still has to create 0005's foreign-key index fails ("pending trigger events").

from django.conf import settings
from django.db import migrations
from django.db.models.functions import Length, Substr

RESIDUAL_DOC = "DOC（Word 97–2003）格式无法清除作者、单位、修订记录等元数据"


def backfill(apps, schema_editor):
    """Existing rows: cut text past the cap (and say so), stop claiming that a legacy DOC
    was cleaned, and render the online-reading HTML of published DOCX attachments once, so
    the portal never has to render it per request."""
    from gongkai.documents.files import attachment_limits
    from gongkai.lib import filework
    from gongkai.lib.filetext import FileRejected

    Attachment = apps.get_model("documents", "Attachment")
    cap = settings.GONGKAI_ATTACHMENT_MAX_TEXT_CHARS
    Attachment.objects.annotate(text_length=Length("text")).filter(text_length__gt=cap).update(
        text=Substr("text", 1, cap), text_truncated=True
    )
    Attachment.objects.filter(kind="doc").update(
        metadata_stripped=False, metadata_residual=[RESIDUAL_DOC]
    )
    published = Attachment.objects.filter(kind="docx", document__status="published")
    for attachment in published.iterator():
        try:
            with attachment.file.open("rb") as fh:
                html = filework.render_html(fh.read(), attachment_limits())
        except (FileRejected, OSError) as exc:
            attachment.reading_status = "unavailable"
            attachment.reading_problem = str(exc)[:200]
        else:
            attachment.reading_html = html
            attachment.reading_status = "ready"
        attachment.save(update_fields=["reading_html", "reading_status", "reading_problem"])


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0007_attachment_derived_limits"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
