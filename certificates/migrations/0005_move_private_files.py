"""Move PDFs stored before 0003 out of MEDIA_ROOT (served at /media/) into the private
storage, under new unguessable names. The same as ``manage.py move_private_files``;
not atomic, so each file's row is committed as soon as the file has moved."""

from django.db import migrations

from lms.private_files import move_to_private


def move_files(apps, schema_editor):
    move_to_private(apps.get_model("certificates", "Certificate"), "pdf")
    move_to_private(apps.get_model("certificates", "CertificateBatch"), "file")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("certificates", "0004_batch_lease"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
