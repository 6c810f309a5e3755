"""法定主动公开 item tags moved to the documents module (documents 0015 renamed the table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0015_statutory_item_tag"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatutoryItemTag")],
            database_operations=[],
        ),
    ]
