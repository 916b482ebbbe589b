from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from community.forms import TagsField
from community.navigation import checked_id
from community.validators import TAG_MAX_LENGTH
from neighbourhoods import positions

from .categories import ICONS, SEED
from .models import (
    AVAILABILITY_MAX_LENGTH,
    CATEGORY_DESCRIPTION_MAX_LENGTH,
    CATEGORY_NAME_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    LANDMARK_NAME_MAX_LENGTH,
    MAX_MINUTES_SPENT,
    MAX_PLACES,
    MESSAGE_MAX_LENGTH,
    MIN_MINUTES_SPENT,
    THANKS_MAX_LENGTH,
    THESAURUS_PHRASE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Category,
    Landmark,
    Listing,
)


class LandmarkChoiceField(forms.ModelChoiceField):
    """Where, roughly: one of the streets and landmarks the moderators keep in
    the form's neighbourhoods, never free coordinates nor an address. The
    service checks it belongs to the listing's neighbourhood."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Landmark.objects.none(),
            required=False,
            empty_label=_("Not said"),
            **kwargs,
        )

    def get_bound_field(self, form, field_name):
        neighbourhoods = form.fields["neighbourhood"].queryset
        self.queryset = Landmark.objects.filter(
            neighbourhood__in=neighbourhoods
        ).select_related("neighbourhood")
        self.several = len(neighbourhoods) > 1
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj):
        if self.several:
            return f"{obj.name} ({obj.neighbourhood.name})"
        return obj.name


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I…"),
        choices=[
            (Listing.Kind.REQUEST, _("need help")),
            (Listing.Kind.OFFER, _("offer my help or share a passion")),
        ],
        widget=forms.RadioSelect,
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=None, empty_label=None
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("In a few words, for example: Help to make video calls."),
    )
    language = forms.ChoiceField(
        label=_("Language of your text"),
        choices=settings.LANGUAGES,
        required=False,  # left out: the writer's language
        help_text=_("So that screen readers read it with the right voice."),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tags = TagsField(
        label=_("Keywords"),
        help_text=_("Separated by commas, for example: smartphone, video call."),
    )
    place = forms.ChoiceField(
        label=_("Where"), choices=Listing.Place.choices, widget=forms.RadioSelect
    )
    landmark = LandmarkChoiceField(
        label=_("Where, roughly"),
        help_text=_(
            "A street or a landmark near you, to place the listing on the map. "
            "Never your address."
        ),
    )
    availability = forms.CharField(
        label=_("When"),
        required=False,
        max_length=AVAILABILITY_MAX_LENGTH,
        help_text=_("For example: Tuesday afternoons."),
    )
    starts_on = forms.DateField(
        label=_("From (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("Time it takes"),
        choices=Listing.Duration.choices,
        coerce=int,
        initial=Listing.Duration.HOUR,
    )
    places = forms.IntegerField(
        label=_("How many people"),
        min_value=1,
        max_value=MAX_PLACES,
        initial=1,
        help_text=_("More than one for a workshop or a group outing."),
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        if len(neighbourhoods) == 1:
            self.fields["neighbourhood"].initial = neighbourhoods[0].pk
        chosen = (
            self.data.get("neighbourhood")
            or self.initial.get("neighbourhood")
            or self.fields["neighbourhood"].initial
        )
        self.fields["category"].queryset = Category.objects.filter(
            neighbourhood__isnull=True
        ) | Category.objects.filter(neighbourhood_id=checked_id(chosen))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date comes before the start date."))
        return cleaned


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=CATEGORY_NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("In plain words"),
        required=False,
        max_length=CATEGORY_DESCRIPTION_MAX_LENGTH,
        help_text=_("A short sentence for people who read little."),
    )
    icon = forms.ChoiceField(label=_("Picture"), widget=forms.RadioSelect)
    world = forms.ChoiceField(
        label=_("World"), choices=Category.World.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The pictures are those of the seed categories, named after them.
        self.fields["icon"].choices = [(icon, SEED[icon][0]) for icon in ICONS]


class LandmarkForm(forms.Form):
    name = forms.CharField(
        label=_("Street or landmark"),
        max_length=LANDMARK_NAME_MAX_LENGTH,
        help_text=_("For example: Place du marché, rue Victor Hugo. No house number."),
    )
    latitude, longitude = positions.form_fields()


class ThesaurusWordForm(forms.Form):
    phrase = forms.CharField(
        label=_("Word or phrase"),
        max_length=THESAURUS_PHRASE_MAX_LENGTH,
        help_text=_("As people of the neighbourhood say it: “la Ressourcerie”."),
    )
    category = forms.ChoiceField(label=_("It is about"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (key, name) for key, (name, *_rest) in SEED.items()
        ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    world = forms.ChoiceField(
        label=_("World"),
        required=False,
        choices=[("", _("Both worlds")), *Category.World.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Offers and requests")), *Listing.Kind.choices],
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects.filter(neighbourhood__isnull=True),
        empty_label=_("All categories"),
    )
    tag = forms.CharField(label=_("Keyword"), required=False, max_length=TAG_MAX_LENGTH)
    neighbourhood = forms.ModelChoiceField(
        label=_("Neighbourhood"),
        required=False,
        queryset=None,
        empty_label=_("All my neighbourhoods"),
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("recent", _("Newest first"))],
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods


class ResponseForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say hello and when you are free."),
    )


class ConfirmForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Time it really took, in minutes (optional)"),
        required=False,
        min_value=MIN_MINUTES_SPENT,
        max_value=MAX_MINUTES_SPENT,
    )


class ThanksForm(forms.Form):
    text = forms.CharField(
        label=_("Your thank-you"),
        max_length=THANKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
