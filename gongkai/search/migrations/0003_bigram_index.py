"""The index changed from jieba words to character bigrams (issue 16, item 9): the old
full-text rows cannot be read by the new queries. They are emptied here and every entry
marked as not indexed (segmenter ""), so that single refreshes work at once and the
system check (search.W001) asks for ``manage.py reindex_all --rebuild``."""

from django.db import migrations

SQLITE = [
    "INSERT INTO search_fts(search_fts) VALUES ('delete-all')",
    "INSERT INTO search_fts_title(search_fts_title) VALUES ('delete-all')",
    "UPDATE search_entry SET segmenter = ''",
]
POSTGRES = [
    "UPDATE search_entry SET tsv = ''::tsvector, tsv_title = ''::tsvector, segmenter = '' "
    "WHERE segmenter <> ''",
]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
