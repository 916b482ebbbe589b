"""Writes for accounts and profiles."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from realtime import events

from . import selectors
from .models import SPOKEN_LANGUAGES, Block, Profile, User
from .validators import normalise_pseudonym, validate_pseudonym_format, validate_tags

PROFILE_FIELDS = (
    "pseudonym",
    "pseudonym_key",
    "portrait",
    "languages",
    "age_group",
    "show_age_group",
    "age_group_for_matching",
    "availability",
    "availability_note",
    "larger_text",
    "reduced_motion",
)


def clean_pseudonym(*, pseudonym: str, user: User | None = None) -> str:
    """The pseudonym tidied up, or ValidationError keyed 'pseudonym'."""
    pseudonym = normalise_pseudonym(pseudonym)
    try:
        validate_pseudonym_format(pseudonym)
    except ValidationError as error:
        raise ValidationError({"pseudonym": error}) from error
    if selectors.pseudonym_is_taken(pseudonym=pseudonym, exclude_user=user):
        raise field_error(
            "pseudonym",
            _(
                "This pseudonym is already taken. Try another one, for "
                "example by adding a number."
            ),
            code="taken",
        )
    return pseudonym


def field_error(field: str, message: str, *, code: str) -> ValidationError:
    """An error about one field that keeps its code (a dict of plain messages
    would drop it), so forms and tests can tell errors apart."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_choices(field: str, values, choices) -> None:
    unknown = set(values or []) - {value for value, _label in choices}
    if unknown:
        raise field_error(field, _("Choose from the list only."), code="invalid_choice")


def set_keywords(*, tags, names: list[str]) -> list:
    """Set one object's keywords (a taggit manager: `listing.tags`,
    `profile.interests`) to `names`, each join row keeping as `label` the
    spelling typed here. The tags themselves stay shared whatever their case,
    so filters and matching ignore it. Returns the join rows, tags loaded.

    Precondition: the caller has checked the permission; `names` are
    stripped, validated, and each there once whatever its case
    (community.forms.split_tags)."""
    tags.set(names)
    typed = {name.casefold(): name for name in names}
    rows = list(
        tags.through.objects.filter(content_object=tags.instance).select_related("tag")
    )
    changed = []
    for row in rows:
        label = typed.get(row.tag.name.casefold(), row.tag.name)
        if row.label != label:
            row.label = label
            changed.append(row)
    tags.through.objects.bulk_update(changed, ["label"])
    return rows


@transaction.atomic
def create_profile(*, user: User, pseudonym: str) -> Profile:
    """Give a new account its profile.

    Precondition: the user has no profile yet. Raises ValidationError on a
    pseudonym that is badly formed or already taken.
    """
    pseudonym = clean_pseudonym(pseudonym=pseudonym, user=user)
    return Profile.objects.create(
        user=user,
        pseudonym=pseudonym,
        pseudonym_key=selectors.pseudonym_key(pseudonym),
    )


@transaction.atomic
def update_profile(
    *,
    user: User,
    pseudonym: str,
    portrait: str = "",
    interests: list[str] | None = None,
    skills: list[str] | None = None,
    languages: list[str] | None = None,
    age_group: str = "",
    show_age_group: bool = False,
    age_group_for_matching: bool = False,
    availability: list[str] | None = None,
    availability_note: str = "",
    larger_text: bool = False,
    reduced_motion: bool = False,
) -> Profile:
    """Save what a member says about themselves, creating the profile if the
    account has none yet (an account made from the command line).

    Only the member edits their own profile: callers pass request.user.
    Raises ValidationError, keyed by field, and then changes nothing.
    """
    pseudonym = clean_pseudonym(pseudonym=pseudonym, user=user)
    interests = interests or []
    skills = skills or []
    for field, names in (("interests", interests), ("skills", skills)):
        try:
            validate_tags(names)
        except ValidationError as error:
            raise ValidationError({field: error}) from error
    _check_choices("languages", languages, SPOKEN_LANGUAGES)
    _check_choices("availability", availability, Profile.Moment.choices)
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    values = {
        "pseudonym": pseudonym,
        "pseudonym_key": selectors.pseudonym_key(pseudonym),
        "portrait": portrait.strip(),
        "languages": list(languages or []),
        "age_group": age_group,
        "show_age_group": show_age_group and bool(age_group),
        "age_group_for_matching": age_group_for_matching and bool(age_group),
        "availability": list(availability or []),
        "availability_note": availability_note.strip(),
        "larger_text": larger_text,
        "reduced_motion": reduced_motion,
    }
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    if profile.pk is None:
        profile.save()
    else:
        profile.save(update_fields=[*PROFILE_FIELDS, "updated_at"])
    set_keywords(tags=profile.interests, names=interests)
    set_keywords(tags=profile.skills, names=skills)
    return profile


def set_preferred_language(*, user: User, language: str) -> User:
    """Remember the language a member chose, for the e-mails we send them."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("This language is not available."), code="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def set_larger_text(*, user: User, larger: bool) -> Profile | None:
    """The header's "Aa": larger text on or off in one tap, kept with the
    member's other display settings."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.larger_text != larger:
        profile.larger_text = larger
        profile.save(update_fields=["larger_text", "updated_at"])
    return profile


def password_was_changed(*, user: User) -> User:
    """The member chose their own password: the one-time one is gone."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    # Every other login session ended with the old password: their open
    # sockets close too (the session that changed it reconnects).
    events.end_sessions(user_id=user.pk)
    return user


@transaction.atomic
def block_member(*, user: User, other: User) -> Block:
    """Block another member, silently. Blocking oneself is refused."""
    if user.pk == other.pk:
        raise ValidationError(_("You cannot block yourself."), code="self_block")
    block, _created = Block.objects.get_or_create(blocker=user, blocked=other)
    # Neither follows their conversation live any more.
    events.tell_standing_changed(user.pk, other.pk)
    return block


@transaction.atomic
def unblock_member(*, user: User, other: User) -> None:
    Block.objects.filter(blocker=user, blocked=other).delete()


def set_portrait_hidden(*, user: User, hidden: bool) -> None:
    """Take the member's portrait out of sight, or show it again, as a
    moderation decision says (moderation checks who decides)."""
    Profile.objects.filter(user=user).update(portrait_hidden=hidden)


# Characters that cannot be mistaken for one another on paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _login_name_for(pseudonym: str) -> str:
    base = slugify(pseudonym)[:24] or "voisin"
    while True:
        candidate = f"{base}-{secrets.randbelow(900) + 100}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _one_time_password() -> str:
    """Three groups of four letters and digits, easy to copy from paper."""
    groups = [
        "".join(secrets.choice(PASSWORD_ALPHABET) for _n in range(4)) for _g in range(3)
    ]
    return "-".join(groups)


def give_one_time_password(*, user: User) -> str:
    """A new one-time password for a member who lost theirs, given at the desk
    (the caller checks who may): to change at the next login. Every login
    session and open socket of the old password ends."""
    password = _one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    events.end_sessions(user_id=user.pk)
    return password


def create_assisted_account(
    *, pseudonym: str, email: str = ""
) -> tuple[User, str, str]:
    """An account made for someone present at the desk (the caller checks who
    may, and that the pseudonym and e-mail are free): a login name and a
    one-time password to change at first login, returned with the account. An
    e-mail given was checked with the person: no confirmation e-mail."""
    password = _one_time_password()
    login = _login_name_for(pseudonym)
    user = User.objects.create_user(
        email=email or None,
        password=password,
        username=login,
        must_change_password=True,
    )
    create_profile(user=user, pseudonym=pseudonym)
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, login, password


@transaction.atomic
def make_operator(*, email: str, password: str | None = None) -> tuple[User, bool]:
    """The account of `email` becomes a site operator, created (its e-mail
    taken as confirmed: the command is run by whoever hosts the site) when it
    does not exist. Returns the account and whether it was created."""
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=password)
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.is_operator = True
    user.save(update_fields=["is_operator"])
    return user, created


@transaction.atomic
def erase_account_data(*, user: User) -> str:
    """Erase what the account and profile say about the person, for good: no
    e-mail, login, password, portrait, tags or settings are left; the account
    row stays so that what they did for others keeps a (former) author. Returns
    the pseudonym they had, for the callers to take out of other records."""
    profile = Profile.objects.filter(user=user).first()
    pseudonym = profile.pseudonym if profile is not None else ""
    placeholder = f"ancien-membre-{user.pk}"
    if profile is not None:
        profile.interests.clear()
        profile.skills.clear()
        profile.pseudonym = placeholder
        profile.pseudonym_key = placeholder
        profile.portrait = ""
        profile.languages = []
        profile.age_group = ""
        profile.show_age_group = False
        profile.availability = []
        profile.availability_note = ""
        profile.larger_text = False
        profile.reduced_motion = False
        profile.save()
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.email = None
    user.username = None
    user.language = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_operator = False
    user.must_change_password = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    return pseudonym
