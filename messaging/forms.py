from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write something first.")},
    )
    # Chosen when the page is shown: posting the same form twice sends once.
    client_id = forms.UUIDField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    user = forms.IntegerField()
    listing = forms.IntegerField(required=False)
    neighbourhood = forms.IntegerField(required=False)
