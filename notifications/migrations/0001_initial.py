"""Notifications and their settings move here from the messaging app. Their
tables stay as they were (`db_table`): this migration only tells Django where
the models now live, and moves their content types and permissions with them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["notification", "notificationpreference"]


def _move(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(
        app_label=target
    )


def move_content_types(apps, schema_editor):
    _move(apps, "messaging", "notifications")


def move_content_types_back(apps, schema_editor):
    _move(apps, "notifications", "messaging")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The tables are made by the messaging app's migrations.
        ("messaging", "0005_message_held"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Notification',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('message', 'New message'), ('response', 'Response to my listing'), ('match', 'New listing for me'), ('exchange', 'News of an exchange'), ('listing', 'My listing is about to expire'), ('membership', 'Membership approved or declined'), ('moderation', 'Moderation decision about me'), ('charter', 'Charter changed')], max_length=12, verbose_name='kind')),
                    ('text', models.CharField(max_length=300, verbose_name='text')),
                    ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                    ('key', models.CharField(blank=True, max_length=100, verbose_name='about')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                    ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='for')),
                ],
                options={
                    'verbose_name': 'notification',
                    'verbose_name_plural': 'notifications',
                    'db_table': 'messaging_notification',
                    'ordering': ['-created_at', '-pk'],
                    'indexes': [models.Index(fields=['user', 'read_at'], name='notification_unread')],
                    'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('user', 'kind', 'key'), name='notification_once_per_subject')],
                },
            ),
            migrations.CreateModel(
                name='NotificationPreference',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('message', 'New message'), ('response', 'Response to my listing'), ('match', 'New listing for me'), ('exchange', 'News of an exchange'), ('listing', 'My listing is about to expire'), ('membership', 'Membership approved or declined'), ('moderation', 'Moderation decision about me'), ('charter', 'Charter changed')], max_length=12, verbose_name='kind')),
                    ('channel', models.CharField(choices=[('site', 'On the site'), ('email', 'By e-mail'), ('both', 'On the site and by e-mail'), ('none', 'Not at all')], default='site', max_length=6, verbose_name='how')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                ],
                options={
                    'verbose_name': 'notification setting',
                    'verbose_name_plural': 'notification settings',
                    'db_table': 'messaging_notificationpreference',
                    'constraints': [models.UniqueConstraint(fields=('user', 'kind'), name='one_preference_per_kind')],
                },
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
