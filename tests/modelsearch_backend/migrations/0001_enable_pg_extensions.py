"""The PostgreSQL extensions modelsearch's fuzzy search needs, in the test database.

Upstream's test app enables them in its migration 0005, which hangs off modelsearch's
own migrations (not installed here: Wagtail's ``wagtailsearch`` stands in), so that app
is created without migrations and this one does the same work.
"""

from django.core.management import call_command
from django.db import migrations


def enable_pg_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    call_command("enable_unaccent", verbosity=0)
    call_command("enable_trigram", verbosity=0)
    call_command("enable_fuzzystrmatch", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(enable_pg_extensions, migrations.RunPython.noop)]
