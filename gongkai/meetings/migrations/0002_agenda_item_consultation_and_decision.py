"""An agenda item's 'consulted before' becomes a foreign key to the 意见征集 (its adoption
report goes with the meeting materials, 决策条例第二十九条), and the item names the 重大行政决策
it discusses (第三十条). A free-text reference that carries a consultation's uid (its portal
link /yjzj/<uid>/) is resolved; any other is kept at the end of the adoption explanation."""

import re

import django.db.models.deletion
from django.db import migrations, models

UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def resolve_references(apps, schema_editor):
    item_model = apps.get_model("meetings", "AgendaItem")
    consultation_model = apps.get_model("decisions", "PublicConsultation")
    for item in item_model.objects.exclude(consultation_reference="").iterator():
        found = None
        match = UID.search(item.consultation_reference)
        if match:
            found = consultation_model.objects.filter(uid=match.group(0).lower()).first()
        if found is not None:
            item.consultation_id = found.pk
            item.major_decision_id = item.major_decision_id or found.decision_id
        else:
            item.adoption_explanation = (
                f"{item.adoption_explanation}\n{item.consultation_reference}".strip()
            )
        item.save(update_fields=["consultation", "major_decision", "adoption_explanation"])


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="consultation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_items",
                to="decisions.publicconsultation",
                verbose_name="意见征集",
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="major_decision",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agenda_items",
                to="decisions.majordecision",
                verbose_name="重大行政决策",
            ),
        ),
        migrations.RunPython(resolve_references, migrations.RunPython.noop),
        migrations.RemoveField(model_name="agendaitem", name="consultation_reference"),
    ]
