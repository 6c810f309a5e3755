# Data migration of issue 11 item 15. A migration of its own: it changes foreign keys, and
# PostgreSQL refuses the schema changes of 0005 (deferred index creation) while the deferred
# foreign-key checks of these updates are pending in the same transaction.

from django.db import migrations

ACTOR = "数据迁移"


def _government_of(organ):
    seen = set()
    while organ is not None and organ.pk not in seen:
        if organ.kind == "district_government":
            return organ
        seen.add(organ.pk)
        organ = organ.parent
    return None


def adopt_issued_drafts(apps, schema_editor):
    """An adopted 代拟稿 awaiting publication (issued) becomes the government's document, with
    the department kept as 起草单位 (issue 11 item 15). Published ones keep their organ: their
    索引号 is immutable and already public."""
    Document = apps.get_model("documents", "Document")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    drafts = Document.objects.filter(
        for_government=True, status="issued", drafting_organ__isnull=True
    ).select_related("organ__parent")
    for document in drafts:
        government = _government_of(document.organ)
        if government is None or government.pk == document.organ_id:
            continue
        drafting_organ_id = document.organ_id
        document.drafting_organ_id = drafting_organ_id
        document.organ = government
        document.save(update_fields=["drafting_organ", "organ"])
        content_type, _created = ContentType.objects.get_or_create(
            app_label="documents", model="document"
        )
        AuditEvent.objects.create(
            action="document.organ_migrated",
            subject_type=content_type,
            subject_id=str(document.pk),
            actor_label=ACTOR,
            reason="代拟稿经区政府审核成文，以区政府名义发布；起草部门记为起草单位。",
            data={"organ": government.pk, "drafting_organ": drafting_organ_id},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0005_document_reason_lists_drafting_organ_marks'),
    ]

    operations = [
        migrations.RunPython(adopt_issued_drafts, migrations.RunPython.noop),
    ]
