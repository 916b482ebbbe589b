from django import forms

from .models import Notification, NotificationPreference


class PreferencesForm(forms.Form):
    """One choice per kind of news: on the site, by e-mail, both, or none."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Channel.choices,
                initial=current.get(kind, NotificationPreference.Channel.SITE),
            )
