"""Claimed notices queue their messages in the outbox (kit.outbox.queue_once), which delivers
and retries them: the claim keeps when it queued them; its own attempts and errors go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0010_fees_paid_index")]

    operations = [
        migrations.RemoveField(model_name="remindersent", name="attempts"),
        migrations.RemoveField(model_name="remindersent", name="error"),
        migrations.RenameField(model_name="remindersent", old_name="sent_at", new_name="queued_at"),
        migrations.AlterField(
            model_name="remindersent",
            name="queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="排入发送队列时间"),
        ),
    ]
