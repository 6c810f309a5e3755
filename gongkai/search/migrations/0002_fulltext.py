"""Full-text structures the ORM does not model: an FTS5 table on SQLite, tsvector columns
with GIN indexes on PostgreSQL (gongkai.search.backends). Each statement runs only on its
own database vendor."""

from django.db import migrations

FTS5 = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, chars, facets, "
    "content='', columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_fts_title USING fts5("
    "title, tchars, facets, "
    "content='', columnsize=0, detail=full, tokenize='unicode61 remove_diacritics 0')",
]
FTS5_DROP = ["DROP TABLE IF EXISTS search_fts_title", "DROP TABLE IF EXISTS search_fts"]
TSVECTOR = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE search_entry ADD COLUMN tsv_title tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
    "CREATE INDEX search_entry_tsv_title ON search_entry USING gin (tsv_title)",
    # The backend chooses its plans from the planner's estimates: statistics of the 10,000
    # most common lexemes instead of 1,000 (where single characters crowd out words).
    "ALTER TABLE search_entry ALTER COLUMN tsv SET STATISTICS 1000",
    "ALTER TABLE search_entry ALTER COLUMN tsv_title SET STATISTICS 1000",
]
TSVECTOR_DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv_title",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv_title",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


class RunSQLFor(migrations.RunSQL):
    """RunSQL on one database vendor only (a no-op elsewhere)."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        RunSQLFor("sqlite", FTS5, FTS5_DROP),
        RunSQLFor("postgresql", TSVECTOR, TSVECTOR_DROP),
    ]
