"""Certificate and batch PDFs move to the private storage under unguessable names;
batches remember their certificates' centers (a batch stays its creator's only while
they manage them all)."""

from django.db import migrations, models

import certificates.models
import lms.private_files


def remember_batch_centers(apps, schema_editor):
    CertificateBatch = apps.get_model("certificates", "CertificateBatch")
    Certificate = apps.get_model("certificates", "Certificate")
    for batch in CertificateBatch.objects.all():
        centers = set(
            Certificate.objects.filter(pk__in=batch.certificate_ids, center__isnull=False).values_list(
                "center", flat=True
            )
        )
        batch.centers.set(centers)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0002_load_provinces"),
        ("certificates", "0002_qr_mask"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="pdf",
            field=models.FileField(
                blank=True,
                storage=lms.private_files.private_storage,
                upload_to=certificates.models.certificate_pdf_name,
                verbose_name="PDF",
            ),
        ),
        migrations.AlterField(
            model_name="certificatebatch",
            name="file",
            field=models.FileField(
                blank=True,
                storage=lms.private_files.private_storage,
                upload_to=certificates.models.batch_pdf_name,
                verbose_name="file",
            ),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="centers",
            field=models.ManyToManyField(blank=True, related_name="+", to="centers.center", verbose_name="centers"),
        ),
        migrations.RunPython(remember_batch_centers, migrations.RunPython.noop),
    ]
