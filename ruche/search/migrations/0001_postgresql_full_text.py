"""PostgreSQL full-text search over topics and replies; nothing to do on SQLite.

- the ``unaccent`` extension (trusted since PostgreSQL 13: the database owner may create it; the
  local server runs as a superuser anyway);
- one text search configuration per member language that folds accents before stemming
  (``ruche_fr``, ``ruche_en``, ``ruche_de``, ``ruche_it``…) and ``ruche_simple`` (accents folded,
  no stemming, no stop words: short words and product names);
- ``ruche_search_vector(language, title, summary, body)``, IMMUTABLE: title weighted A, summary B,
  body C, each in the configuration of the post's language and in ``ruche_simple``;
- a ``search_vector`` column on forum_topic and forum_reply, unknown to Django, filled by a
  trigger when the text or language changes (not when a counter does), with a GIN index.

A stored column rather than an expression index: ranking reads the vector of every matching row,
and recomputing it would make a search for a common word slow. A trigger rather than a generated
column: the forum's migrations may still change the type of ``title`` or ``body`` (a generated
column forbids it). Renaming one of these columns needs this trigger function updated.
"""

from django.db import migrations

LANGUAGES = {
    "fr": "french",
    "en": "english",
    "de": "german",
    "it": "italian",
    "es": "spanish",
    "nl": "dutch",
    "pt": "portuguese",
}
TABLES = {
    # table: (arguments of ruche_search_vector, columns whose change recomputes the vector)
    "forum_topic": ("language, title, summary, body", "title, summary, body, language"),
    "forum_reply": ("language, '', '', body", "body, language"),
}


def forwards_sql(schema: str) -> list[str]:
    q = f'"{schema}"'
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for code, dictionary in LANGUAGES.items():
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {q}.ruche_{code}",
            f"CREATE TEXT SEARCH CONFIGURATION {q}.ruche_{code} (COPY = pg_catalog.{dictionary})",
            f"ALTER TEXT SEARCH CONFIGURATION {q}.ruche_{code} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}_stem",
        ]
    statements += [
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {q}.ruche_simple",
        f"CREATE TEXT SEARCH CONFIGURATION {q}.ruche_simple (COPY = pg_catalog.simple)",
        f"ALTER TEXT SEARCH CONFIGURATION {q}.ruche_simple "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    ]
    cases = " ".join(
        f"WHEN '{code}' THEN '{schema}.ruche_{code}'::regconfig" for code in LANGUAGES
    )
    statements += [
        # Schema-qualified names: the result must not depend on the search_path.
        f"""CREATE OR REPLACE FUNCTION {q}.ruche_search_config(language text) RETURNS regconfig
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT CASE left(language, 2) {cases} ELSE '{schema}.ruche_fr'::regconfig END $$""",
        f"""CREATE OR REPLACE FUNCTION {q}.ruche_search_vector(
                language text, title text, summary text, body text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT
                setweight(to_tsvector({q}.ruche_search_config(language), coalesce(title, '')), 'A')
             || setweight(to_tsvector('{schema}.ruche_simple'::regconfig, coalesce(title, '')), 'A')
             || setweight(to_tsvector({q}.ruche_search_config(language), coalesce(summary, '')), 'B')
             || setweight(to_tsvector('{schema}.ruche_simple'::regconfig, coalesce(summary, '')), 'B')
             || setweight(to_tsvector({q}.ruche_search_config(language), coalesce(body, '')), 'C')
             || setweight(to_tsvector('{schema}.ruche_simple'::regconfig, coalesce(body, '')), 'C')
            $$""",
    ]
    for table, (arguments, columns) in TABLES.items():
        new_arguments = ", ".join(
            f"NEW.{a.strip()}" if a.strip() != "''" else "''" for a in arguments.split(",")
        )
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector",
            f"""CREATE OR REPLACE FUNCTION {q}.{table}_search_vector_update() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.search_vector := {q}.ruche_search_vector({new_arguments});
                    RETURN NEW;
                END $$""",
            f"DROP TRIGGER IF EXISTS search_vector_update ON {table}",
            # Only when the text changes: counters updated on every reply or like cost nothing.
            f"CREATE TRIGGER search_vector_update BEFORE INSERT OR UPDATE OF {columns} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {q}.{table}_search_vector_update()",
            f"UPDATE {table} SET search_vector = {q}.ruche_search_vector({arguments})",
            f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector)",
        ]
    return statements


def backwards_sql() -> list[str]:
    statements = []
    for table in TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS search_vector_update ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_search_vector_update()",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ]
    statements += [
        "DROP FUNCTION IF EXISTS ruche_search_vector(text, text, text, text)",
        "DROP FUNCTION IF EXISTS ruche_search_config(text)",
        *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS ruche_{code}" for code in LANGUAGES],
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS ruche_simple",
    ]
    return statements


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        for statement in forwards_sql(schema):
            cursor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in backwards_sql():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
