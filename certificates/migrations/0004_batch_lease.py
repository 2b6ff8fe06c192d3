"""A batch's worker holds a lease renewed after every chunk, so a batch whose worker
died is taken up again or failed (services.certificate_batches_recover)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_private_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatebatch",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="heartbeat_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="last sign of progress"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="lease_token",
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name="lease"),
        ),
    ]
