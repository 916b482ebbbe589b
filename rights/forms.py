from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DeskDeletionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "The resident is here and asks to delete their account; I have "
            "explained what will be erased"
        )
    )
