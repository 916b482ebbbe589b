"""News stored as what it says and its parameters (older news keeps its words,
shown as they are), and push as a channel beside the site and e-mail: on by
default for what concerns the member directly, not for suggestions, reminders
and charter changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


NOT_PUSHED_BY_DEFAULT = ("match", "listing", "charter")


def push_defaults(apps, schema_editor):
    preferences = apps.get_model("notifications", "NotificationPreference")
    preferences.objects.filter(kind__in=NOT_PUSHED_BY_DEFAULT).update(push=False)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_workshop_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.CharField(blank=True, max_length=40, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.AddField(
            model_name="notificationpreference",
            name="push",
            field=models.BooleanField(
                default=True, verbose_name="on my devices (push)"
            ),
        ),
        migrations.CreateModel(
            name="PushSubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "endpoint",
                    models.URLField(
                        max_length=1000,
                        unique=True,
                        verbose_name="push service address",
                    ),
                ),
                ("p256dh", models.CharField(max_length=200, verbose_name="public key")),
                (
                    "auth",
                    models.CharField(
                        max_length=100, verbose_name="authentication secret"
                    ),
                ),
                (
                    "device",
                    models.CharField(blank=True, max_length=100, verbose_name="device"),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="turned on"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="push_subscriptions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="member",
                    ),
                ),
            ],
            options={
                "verbose_name": "push subscription",
                "verbose_name_plural": "push subscriptions",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RunPython(push_defaults, migrations.RunPython.noop),
    ]
