from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Notification, NotificationPreference
from .selectors import default_channel, default_push

FREQUENCY_SUFFIX = "_frequency"
PUSH_SUFFIX = "_push"


class PreferencesForm(forms.Form):
    """One choice per kind of news: on the site, by e-mail, both, or none; and
    for every kind but messages (summed up on their own), how often the
    e-mails come: at once, in a daily summary or in a weekly one; and, where
    the site can push, whether it comes to the member's devices too."""

    def __init__(
        self,
        *args,
        current: dict[str, str],
        frequencies: dict[str, str],
        pushes: dict[str, bool] | None = None,
        **kwargs,
    ):
        self.pushing = pushes is not None
        super().__init__(*args, **kwargs)
        for kind, label in Notification.Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Channel.choices,
                initial=current.get(kind, default_channel(kind)),
            )
            if self.pushing:
                self.fields[kind + PUSH_SUFFIX] = forms.BooleanField(
                    label=_("%(kind)s: also on my devices (push)") % {"kind": label},
                    initial=pushes.get(kind, default_push(kind)),
                    required=False,
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

    def pushes(self) -> dict[str, bool]:
        """Which kinds the member wants pushed (nothing where the site cannot
        push: the choices stay as they were)."""
        if not self.pushing:
            return {}
        return {
            kind: bool(self.cleaned_data.get(kind + PUSH_SUFFIX))
            for kind in Notification.Kind.values
        }


class PushSubscriptionForm(forms.Form):
    """The subscription a browser made with the site's public key, as the
    settings page's script posts it."""

    endpoint = forms.CharField(max_length=1000)
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
