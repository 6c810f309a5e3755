from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mailbox", "0002_solicitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicmessage",
            name="channel",
            field=models.CharField(
                choices=[("web", "网站"), ("phone", "电话")],
                default="web",
                max_length=10,
                verbose_name="渠道",
            ),
        ),
    ]
