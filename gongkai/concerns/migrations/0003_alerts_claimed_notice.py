"""Claimed notices queue their messages in the outbox (kit.outbox.queue_once), which delivers
and retries them: the claim keeps when it queued them; its own attempts and errors go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_webhook_events")]

    operations = [
        migrations.RemoveIndex(model_name="casealert", name="concerns_ca_sent_at_719bbe_idx"),
        migrations.RemoveField(model_name="casealert", name="attempts"),
        migrations.RemoveField(model_name="casealert", name="error"),
        migrations.RenameField(model_name="casealert", old_name="sent_at", new_name="queued_at"),
        migrations.AlterField(
            model_name="casealert",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="排入发送队列时间"),
        ),
        migrations.AddIndex(
            model_name="casealert",
            index=models.Index(
                fields=["queued_at", "claimed_at"], name="concerns_ca_queued__9779ed_idx"
            ),
        ),
    ]
