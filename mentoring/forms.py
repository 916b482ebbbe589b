"""The forms of mentoring's pages: each one parses what a page posts; the
services decide."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    CONTACT_MAX_LENGTH,
    HOLDER_NAME_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Attestation,
    GuardianConsent,
)

DATETIME_INPUT = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ProposeForm(forms.Form):
    """A member proposes a pair with another, as mentor or as mentee."""

    role = forms.ChoiceField(
        label=_("In this pair"),
        choices=[
            ("mentee", _("I would like this person to help me")),
            ("mentor", _("I offer to help this person")),
        ],
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(
        label=_("What for?"),
        max_length=PURPOSE_MAX_LENGTH,
        help_text=_("For example: use video calls with my grandchildren."),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, empty_label=None
    )
    # The listing whose suggestion led here, to say why.
    listing = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        if len(neighbourhoods) == 1:
            self.fields["neighbourhood"].widget = forms.HiddenInput()


class StaffProposeForm(forms.Form):
    """An animateur puts two members of the neighbourhood in a pair."""

    prefix = "pair"

    mentor = MemberChoiceField(label=_("Mentor"), queryset=None)
    mentee = MemberChoiceField(label=_("Mentee"), queryset=None)
    purpose = forms.CharField(label=_("What for?"), max_length=PURPOSE_MAX_LENGTH)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = members
        self.fields["mentee"].queryset = members


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        queryset=None,
        required=False,
        empty_label=_("Elsewhere (say where in the chat)"),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places

    @property
    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.cleaned_data["minutes"])


class LogForm(forms.Form):
    done = forms.CharField(
        label=_("What we did"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learnt = forms.CharField(
        label=_("What I learnt"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndForm(forms.Form):
    closing_word = forms.CharField(
        label=_("A closing word (the other person reads it)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    thanks = forms.BooleanField(label=_("Say thank you"), required=False)


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("How the other person can reach me beyond the chat"),
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        help_text=_("A phone number, for example. Leave empty to share nothing."),
    )


class UncomfortableForm(forms.Form):
    text = forms.CharField(
        label=_("What happened? (you may leave this empty)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HandOverForm(forms.Form):
    new_mentor = MemberChoiceField(label=_("New mentor"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_mentor"].queryset = members


class StaffNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Private note of the staff"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checked_in = forms.BooleanField(
        label=_("I checked in with the pair today"), required=False
    )


class SettingsForm(forms.Form):
    prefix = "settings"

    approval_required = forms.BooleanField(
        label=_("A moderator approves every pair"),
        required=False,
        help_text=_(
            "Pairs with a member under 18 or needing care are always approved."
        ),
    )
    first_meeting_at_centre = forms.BooleanField(
        label=_("The first meeting is held at the centre, with an animateur"),
        required=False,
    )
    quiet_after_days = forms.IntegerField(
        label=_("Show me a pair with no meeting for (days)"),
        min_value=1,
        max_value=365,
    )


class GuardianConsentForm(forms.Form):
    prefix = "consent"

    member = MemberChoiceField(label=_("Member under 18"), queryset=None)
    guardian_name = forms.CharField(
        label=_("Parent or guardian"), max_length=NAME_MAX_LENGTH
    )
    how = forms.ChoiceField(
        label=_("How it was given"),
        choices=GuardianConsent.How.choices,
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(
        label=_("Given on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class CareMarkForm(forms.Form):
    prefix = "care"

    member = MemberChoiceField(label=_("Member"), queryset=None)
    note = forms.CharField(
        label=_("Why (the staff only read it)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class HandleReportForm(forms.Form):
    note = forms.CharField(
        label=_("What I did"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resume = forms.BooleanField(label=_("Resume the pair"), required=False)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AttestationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Attestation"),
        choices=Attestation.Kind.choices,
        widget=forms.RadioSelect,
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, empty_label=None
    )
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), widget=DATE_INPUT)
    holder_name = forms.CharField(
        label=_("Your name as it should appear"),
        max_length=HOLDER_NAME_MAX_LENGTH,
        help_text=_(
            "Your pseudonym is not shown on the attestation: write the name a "
            "school or an employer knows you by."
        ),
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=30)
