from allauth.account import app_settings as allauth_settings
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from . import selectors, services
from .models import (
    AVAILABILITY_NOTE_MAX_LENGTH,
    PORTRAIT_MAX_LENGTH,
    PSEUDONYM_MAX_LENGTH,
    SPOKEN_LANGUAGES,
    Profile,
)
from .validators import normalise_pseudonym, validate_pseudonym_format, validate_tags


class SiteFormRenderer(TemplatesSetting):
    """Every form of the site, allauth's included, renders its fields through
    templates/forms/field.html: label, help and error tied to the input."""

    field_template_name = "forms/field.html"


def pseudonym_field() -> forms.CharField:
    return forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX_LENGTH + 20,  # the clean step says how much too long
        help_text=_(
            "The name your neighbours will see, 3 to 30 characters. "
            "Your e-mail address stays private."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        strip=True,
    )


def clean_pseudonym_value(value: str, *, user=None) -> str:
    value = normalise_pseudonym(value)
    validate_pseudonym_format(value)
    if selectors.pseudonym_is_taken(pseudonym=value, exclude_user=user):
        raise ValidationError(
            _(
                "This pseudonym is already taken. Try another one, for example by "
                "adding a number."
            ),
            code="taken",
        )
    return value


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the pseudonym chosen at the same time."""

    field_order = ["pseudonym", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pseudonym"] = pseudonym_field()
        self.order_fields(self.field_order)

    def clean_pseudonym(self):
        return clean_pseudonym_value(self.cleaned_data["pseudonym"])

    def save(self, request):
        # The account and its profile exist together or not at all.
        with transaction.atomic():
            return super().save(request)

    def custom_signup(self, request, user):
        services.create_profile(user=user, pseudonym=self.cleaned_data["pseudonym"])


class LoginForm(AllauthLoginForm):
    """allauth's login, for residents whose account was made at the desk too:
    they have no e-mail address to confirm, so none is asked of them. People
    log in with their e-mail or their pseudonym (the login name printed at the
    desk works too), never asked for a "username" they never chose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail (or pseudonym)")
        login.help_text = _(
            "The e-mail address you signed up with, or your pseudonym; "
            "at the desk, the login on your sheet."
        )
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs.pop("placeholder", None)

    def clean_login(self):
        login = super().clean_login()
        if "@" not in login:
            # A pseudonym: the account's login name, for allauth to check.
            username = selectors.login_name_for_pseudonym(pseudonym=login)
            if username:
                return username
        return login

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "user", None)
        login = getattr(self, "_login", None)
        if user is not None and login is not None and not user.email:
            login.email_verification = allauth_settings.EmailVerificationMethod.NONE
        return cleaned_data


def split_tags(value) -> list[str]:
    """Keywords as people type them: separated by commas only (a keyword may
    have spaces), quotes taken off, case kept, each once."""
    if isinstance(value, (list, tuple)):
        parts = [str(getattr(item, "name", item)) for item in value]
    else:
        parts = str(value or "").split(",")
    names: list[str] = []
    for part in parts:
        name = " ".join(part.replace('"', " ").split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


class TagsInput(forms.TextInput):
    """One text field, keywords separated by commas, shown as chips (site.js
    makes each chip removable); no quotes syntax."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-chips": "",
                "data-remove-label": _("Remove"),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if value is None or isinstance(value, str):
            return super().format_value(value)
        return ", ".join(split_tags(value))


class TagsField(TagField):
    widget = TagsInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        names = split_tags(value)
        if self.required and not names:
            raise ValidationError(self.error_messages["required"], code="required")
        validate_tags(names)
        return names


class ProfileForm(forms.Form):
    pseudonym = pseudonym_field()
    portrait = forms.CharField(
        label=_("Portrait"),
        required=False,
        max_length=PORTRAIT_MAX_LENGTH,
        help_text=_(
            "A few words about you: what you like, what you can share, what you "
            "are looking for. At most 500 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    interests = TagsField(
        label=_("Interests"),
        help_text=_(
            "What you like or would like to learn, separated by commas. "
            "For example: cooking, chess, smartphone."
        ),
    )
    skills = TagsField(
        label=_("Skills"),
        help_text=_(
            "What you can help with, separated by commas. "
            "For example: knitting, homework, computers."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        required=False,
        choices=SPOKEN_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    age_group = forms.ChoiceField(
        label=_("My age group"),
        required=False,
        choices=[("", _("I'd rather not say")), *Profile.AgeGroup.choices],
        widget=forms.RadioSelect,
        help_text=_("Optional. It stays private: it is used only as you choose below."),
    )
    show_age_group = forms.BooleanField(
        label=_("Show my age group on my profile"), required=False
    )
    age_group_for_matching = forms.BooleanField(
        label=_(
            "Use my age group to suggest exchanges and mentoring between generations"
        ),
        required=False,
        help_text=_(
            "Nobody sees it: a suggestion only says that it is a meeting "
            "between generations."
        ),
    )
    availability = forms.MultipleChoiceField(
        label=_("When I am usually free"),
        required=False,
        choices=Profile.Moment.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    availability_note = forms.CharField(
        label=_("Details about when I am free"),
        required=False,
        max_length=AVAILABILITY_NOTE_MAX_LENGTH,
        help_text=_("Optional. For example: not on Wednesdays, after 5 pm."),
    )
    larger_text = forms.BooleanField(label=_("Larger text"), required=False)
    reduced_motion = forms.BooleanField(label=_("Less movement"), required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_pseudonym(self):
        return clean_pseudonym_value(self.cleaned_data["pseudonym"], user=self.user)

    @staticmethod
    def initial_for(profile: Profile | None) -> dict:
        if profile is None:
            return {}
        return {
            "pseudonym": profile.pseudonym,
            "portrait": profile.portrait,
            "interests": profile.interest_labels(),
            "skills": profile.skill_labels(),
            "languages": profile.languages,
            "age_group": profile.age_group,
            "show_age_group": profile.show_age_group,
            "age_group_for_matching": profile.age_group_for_matching,
            "availability": profile.availability,
            "availability_note": profile.availability_note,
            "larger_text": profile.larger_text,
            "reduced_motion": profile.reduced_motion,
        }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
