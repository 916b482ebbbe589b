from django import forms
from django.utils.translation import gettext_lazy as _

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


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Chosen when the page is shown: posting the same form twice sends once.
    client_id = forms.UUIDField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    user = forms.IntegerField()
    listing = forms.IntegerField(required=False)
    neighbourhood = forms.IntegerField(required=False)
