from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from community.models import User
from exchanges.models import Category
from neighbourhoods import positions

from . import selectors
from .models import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    MAX_SESSIONS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Event,
    Place,
    Satisfaction,
    Workshop,
)

DATETIME_INPUT = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def categories_for(neighbourhood):
    return Category.objects.filter(
        Q(neighbourhood=None) | Q(neighbourhood=neighbourhood)
    ).order_by("position", "name")


class AgendaFilterForm(forms.Form):
    """The agenda's filters, read from the address (GET): all optional, a
    wrong value is ignored."""

    week = forms.DateField(
        label=_("Week of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.none(),
        empty_label=_("All"),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All")), *Workshop.Level.choices],
    )
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("All")), *Workshop.Audience.choices],
    )

    def __init__(self, *args, neighbourhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_for(neighbourhood)


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("What we will do"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), empty_label=None
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=Workshop.Level.choices,
        widget=forms.RadioSelect,
        help_text=_("Discovery: never done it; expert: ready to go further."),
    )
    audience = forms.ChoiceField(label=_("For"), choices=Workshop.Audience.choices)
    place = forms.ModelChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("To be given"),
    )
    accessibility_notes = forms.CharField(
        label=_("Accessibility"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: step-free access, large screens, hearing loop."),
    )
    price = forms.DecimalField(
        label=_("Price in euros"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("Leave empty when it is free."),
    )
    registration = forms.ChoiceField(
        label=_("Registration"),
        choices=Workshop.Registration.choices,
        widget=forms.RadioSelect,
    )

    organisers = forms.ModelMultipleChoiceField(
        label=_("Run with"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick the members who run it with you: they may take the attendance "
            "and change the sessions."
        ),
    )

    def __init__(self, *args, neighbourhood, proposer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_for(neighbourhood)
        self.fields["place"].queryset = neighbourhood.places.order_by("name")
        organisers = selectors.possible_organisers(neighbourhood=neighbourhood)
        if proposer is not None:
            organisers = organisers.exclude(pk=proposer.pk)
        self.fields["organisers"].queryset = organisers
        self.fields["organisers"].label_from_instance = lambda user: user.display_name


class SessionsForm(forms.Form):
    """One date, or a weekly series of sessions, or several drop-in slots."""

    first_start = forms.DateTimeField(
        label=_("First session starts"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    count = forms.IntegerField(
        label=_("How many weeks in a row"),
        min_value=1,
        max_value=MAX_SESSIONS,
        initial=1,
        help_text=_("1 for a single date."),
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=12 * 60, initial=120
    )
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, max_value=MAX_CAPACITY, initial=8
    )


class MoveSessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New start"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=12 * 60
    )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("A word for the people registered"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Who came"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    walk_in_members = forms.MultipleChoiceField(
        label=_("Members who came without registering"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    walk_ins = forms.IntegerField(
        label=_("Other people who came (without an account)"),
        min_value=0,
        max_value=MAX_CAPACITY,
        initial=0,
    )

    def __init__(self, *args, sheet, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(r.user_id), r.user.display_name) for r in sheet
        ]
        self.fields["walk_in_members"].choices = [
            (str(u.pk), u.display_name) for u in candidates
        ]


# The three faces, drawn before their words (a screen reader says both).
FACES = {
    Satisfaction.Face.SAD: "🙁",
    Satisfaction.Face.NEUTRAL: "😐",
    Satisfaction.Face.HAPPY: "🙂",
}


class SatisfactionForm(forms.Form):
    face = forms.TypedChoiceField(
        label=_("How was it?"),
        choices=[
            (face, format_lazy("{} {}", FACES[face], label))
            for face, label in reversed(Satisfaction.Face.choices)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("A word about it (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=TITLE_MAX_LENGTH)
    address = forms.CharField(label=_("Address"), max_length=TEXT_MAX_LENGTH)
    opening_hours = forms.CharField(
        label=_("Opening hours"), required=False, max_length=TEXT_MAX_LENGTH
    )
    help_offered = forms.CharField(
        label=_("Help found there"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("For example: free computers, help with online forms, printing."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility"), required=False, max_length=TEXT_MAX_LENGTH
    )
    latitude, longitude = positions.form_fields()


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.ModelChoiceField(
        label=_("Place"),
        required=False,
        queryset=Place.objects.none(),
        empty_label=_("To be given"),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=24 * 60, initial=120
    )

    def __init__(self, *args, neighbourhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = neighbourhood.places.order_by("name")
