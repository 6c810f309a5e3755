"""A BRIN index on the publication day of search entries (PostgreSQL only).

The backend narrows a GIN bitmap to the newest days before reading any row
(gongkai.search.backends.postgres, ``Condition.since``): a common term whose matches are
all old (2019 in 62,000 titles of a million) then reads the newest matches instead of
every one. Entries are written in publication order, so the day follows the table's
physical order and the index is small (one summary per 32 pages); where it does not, the
bitmap is narrowed less, never wrongly. ``autosummarize`` summarises new pages as they
fill.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX search_entry_day ON search_entry USING brin ((sort_key >> 32)) "
    "WITH (pages_per_range = 32, autosummarize = on)"
)
DROP = "DROP INDEX IF EXISTS search_entry_day"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_bigram_index")]

    operations = [migrations.RunPython(forwards, backwards)]
