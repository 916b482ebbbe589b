from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import clean_pseudonym_value, pseudonym_field
from community.models import PSEUDONYM_MAX_LENGTH

from .models import (
    CHARTER_MAX_LENGTH,
    NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH,
    OPENING_HOURS_MAX_LENGTH,
    POSTCODES_MAX_LENGTH,
    REASON_MAX_LENGTH,
    WELCOME_ADDRESS_MAX_LENGTH,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
)
from .services import MAX_CODE_DAYS, MAX_CODE_USES


def _optional_text_area(label, *, max_length: int, rows: int) -> forms.CharField:
    """Free text over a few lines that may be left empty, within its limit."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or postcode"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class JoinForm(forms.Form):
    accept_charter = forms.BooleanField(
        label=_("I have read the charter and I accept it"), required=False
    )
    code = forms.CharField(
        label=_("Invitation code"),
        required=False,
        max_length=20,
        help_text=_(
            "Optional, unless the neighbourhood asks for one: 8 letters and digits."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("The 8 letters and digits on your card, for example ACDE-FH34."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class DecisionForm(forms.Form):
    message = _optional_text_area(
        _("Message to the person (optional)"), max_length=REASON_MAX_LENGTH, rows=2
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InvitationCodeForm(forms.Form):
    max_uses = forms.IntegerField(
        label=_("How many people may use it"),
        min_value=1,
        max_value=MAX_CODE_USES,
        initial=20,
    )
    valid_days = forms.IntegerField(
        label=_("Valid for how many days"),
        min_value=1,
        max_value=MAX_CODE_DAYS,
        initial=30,
    )


class NeighbourhoodForm(forms.Form):
    """What the coordinators set for a neighbourhood, at its creation and
    after (the fields of services.NEIGHBOURHOOD_FIELDS)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = _optional_text_area(
        _("Description"), max_length=NEIGHBOURHOOD_DESCRIPTION_MAX_LENGTH, rows=5
    )
    postcodes = forms.RegexField(
        label=_("Postcodes covered"),
        required=False,
        max_length=POSTCODES_MAX_LENGTH,
        regex=r"^[\d ,]*$",
        error_messages={
            "invalid": _("Write postcodes with digits, separated by spaces.")
        },
        help_text=_("Separated by spaces, for example: 69008 69500."),
    )
    welcome_address = forms.CharField(
        label=_("Address of the place where people are welcomed"),
        required=False,
        max_length=WELCOME_ADDRESS_MAX_LENGTH,
    )
    opening_hours = _optional_text_area(
        _("Opening hours of that place"),
        max_length=OPENING_HOURS_MAX_LENGTH,
        rows=3,
    )
    join_policy = forms.ChoiceField(
        label=_("How people join"),
        choices=Neighbourhood.JoinPolicy.choices,
        widget=forms.RadioSelect,
        initial=Neighbourhood.JoinPolicy.APPROVAL,
    )
    listing_lifetime_days = forms.IntegerField(
        label=_("Days a listing stays open"), min_value=1, max_value=365, initial=60
    )
    message_limit = forms.IntegerField(
        label=_("Messages a person may send in a row"),
        min_value=1,
        max_value=1000,
        initial=20,
        help_text=_("Against floods: more are refused for a moment."),
    )
    message_window_seconds = forms.IntegerField(
        label=_("Within how many seconds"), min_value=1, max_value=3600, initial=30
    )

    keep_messages_of_former_members = forms.BooleanField(
        label=_("Keep the messages of members who delete their account"),
        required=False,
        help_text=_(
            "Signed “a former member”. Otherwise they read “message deleted” in "
            "the conversations of the others."
        ),
    )

    @classmethod
    def initial_from(cls, neighbourhood: Neighbourhood) -> dict:
        return {name: getattr(neighbourhood, name) for name in cls.base_fields}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "address", "phone", "email", "logo"]
        help_texts = {
            "address": _("Printed on code cards, desk sheets and posters."),
            "phone": _("Printed on code cards, desk sheets and posters."),
        }


class CoordinatorInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the person invited (optional)"),
        required=False,
        help_text=_(
            "Leave empty to print the code and hand it over: anyone holding it "
            "becomes a coordinator."
        ),
    )


class CoordinatorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class CharterForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the new charter"),
        max_length=CHARTER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Publishing a new version asks every member to read and accept it "
            "on their next visit."
        ),
    )


class DeskAccountForm(forms.Form):
    pseudonym = pseudonym_field()
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_(
            "Leave empty if the resident has none: they will log in with the "
            "login name printed on their sheet."
        ),
    )
    charter_read_together = forms.BooleanField(
        label=_("I have read the charter with the resident and they accept it"),
        required=False,
    )
    consent_purpose = forms.CharField(
        label=_("Help the resident agrees to (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "If the resident wants the moderators to act for them when they come "
            "to the desk, write what for, for example: post my requests and answer "
            "messages. Leave empty otherwise."
        ),
    )

    def __init__(self, *args, charter_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["charter_read_together"]
        field.required = charter_required
        field.error_messages["required"] = _(
            "Read the charter with the resident and tick the box."
        )

    def clean_pseudonym(self):
        return clean_pseudonym_value(self.cleaned_data["pseudonym"])


class ConsentForm(forms.Form):
    purpose = forms.CharField(
        label=_("What the resident wants help with"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("For example: post my requests and answer messages."),
    )


class JournalFilterForm(forms.Form):
    """Filters of the journal page (GET); all optional."""

    action = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Everything"))] + list(JournalEntry.Action.choices),
    )
    person = forms.CharField(
        label=_("Who (pseudonym)"),
        required=False,
        max_length=PSEUDONYM_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("The end comes before the start."))
        return data
