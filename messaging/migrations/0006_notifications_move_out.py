"""Notifications and their settings now belong to the notifications app, which
keeps their tables: here they leave the messaging app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0005_message_held"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="notificationpreference", name="user"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="NotificationPreference"),
            ],
            database_operations=[],
        ),
    ]
