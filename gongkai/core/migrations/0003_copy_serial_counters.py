"""Carry the three counters that existed before the serial-number service into it, so the
next 索引号, 申请编号 and 告知书编号 continue where they stopped."""

from django.db import migrations

INDEX = "documents.index_number"
CASE = "inforequests.case_number"
LETTER = "inforequests.letter"


def copy_counters(apps, schema_editor):
    counter = apps.get_model("core", "SerialCounter")
    rows = []
    for row in apps.get_model("documents", "IndexSerial").objects.all():
        rows.append(counter(scope=INDEX, key=str(row.organ_id), year=row.year, last=row.last_serial))
    for row in apps.get_model("inforequests", "CaseSerial").objects.all():
        rows.append(counter(scope=CASE, key="", year=row.year, last=row.last))
    for row in apps.get_model("inforequests", "LetterSerial").objects.all():
        rows.append(counter(scope=LETTER, key=str(row.organ_id), year=row.year, last=row.last))
    for row in rows:
        existing = counter.objects.filter(scope=row.scope, key=row.key, year=row.year).first()
        if existing is None:
            row.save()
        elif existing.last < row.last:
            existing.last = row.last
            existing.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_serial_counter"),
        ("documents", "0004_public_indexes"),
        ("inforequests", "0002_letters_reminders"),
    ]

    operations = [migrations.RunPython(copy_counters, migrations.RunPython.noop)]
