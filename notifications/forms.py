from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Notification, NotificationPreference
from .selectors import default_channel

FREQUENCY_SUFFIX = "_frequency"


class PreferencesForm(forms.Form):
    """One choice per kind of news: on the site, by e-mail, both, or none; and
    for every kind but messages (summed up on their own), how often the
    e-mails come: at once, in a daily summary or in a weekly one."""

    def __init__(
        self, *args, current: dict[str, str], frequencies: dict[str, str], **kwargs
    ):
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Channel.choices,
                initial=current.get(kind, default_channel(kind)),
            )
            if kind == Notification.Kind.MESSAGE:
                continue
            self.fields[kind + FREQUENCY_SUFFIX] = forms.ChoiceField(
                label=_("%(kind)s: e-mails") % {"kind": label},
                choices=Frequency.choices,
                initial=frequencies.get(kind, Frequency.IMMEDIATE),
                # Left out, the choice stays as it was.
                required=False,
            )

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Notification.Kind.values}

    def frequencies(self) -> dict[str, str]:
        return {
            name.removesuffix(FREQUENCY_SUFFIX): value
            for name, value in self.cleaned_data.items()
            if name.endswith(FREQUENCY_SUFFIX) and value
        }
