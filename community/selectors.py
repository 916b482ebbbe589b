"""Reads for accounts and profiles. Each selector applies its own permission rule."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from taggit.models import Tag

from .lookalike import skeleton
from .models import (
    PSEUDONYM_KEY_MAX_LENGTH,
    Block,
    Profile,
    TaggedInterest,
    TaggedSkill,
    User,
)


def pseudonym_key(pseudonym: str) -> str:
    return skeleton(pseudonym)[:PSEUDONYM_KEY_MAX_LENGTH]


def pseudonym_is_taken(*, pseudonym: str, exclude_user: User | None = None) -> bool:
    """Pseudonyms are unique whatever their case and however they are written:
    'Monique', 'monique', 'M0nique' and 'Mοnique' (a Greek ο) clash."""
    profiles = Profile.objects.filter(
        Q(pseudonym__iexact=pseudonym) | Q(pseudonym_key=pseudonym_key(pseudonym))
    )
    if exclude_user is not None and exclude_user.pk is not None:
        profiles = profiles.exclude(user=exclude_user)
    return profiles.exists()


def with_keywords(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    """The profiles with their interests and skills as each member typed them
    (Profile.interest_labels, skill_labels): one query for each of the two."""
    return profiles.prefetch_related(
        *(
            Prefetch(
                items,
                queryset=through.objects.select_related("tag").order_by(
                    Lower("tag__name")
                ),
            )
            for items, through in (
                ("interest_items", TaggedInterest),
                ("skill_items", TaggedSkill),
            )
        )
    )


def profile_of(*, user: User) -> Profile | None:
    """The member's own profile with its tags, or None if they have not made it."""
    return with_keywords(Profile.objects.filter(user=user)).first()


def suggested_tags(*, limit: int = 24) -> list[str]:
    """The words neighbours use most for their interests and skills, to suggest
    while a member writes theirs."""
    tags = (
        Tag.objects.annotate(
            uses=Count("community_taggedinterest_items", distinct=True)
            + Count("community_taggedskill_items", distinct=True)
        )
        .filter(Q(uses__gt=0))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )
    return list(tags)


def not_blocked(field: str, *, user: User) -> Q:
    """A filter keeping the rows whose `field` (a user) is neither blocked by
    this person nor blocking them. Two plain subqueries on the block table's
    indexes: cheap whatever the number of members."""
    return ~Q(
        **{f"{field}__in": Block.objects.filter(blocker=user).values("blocked_id")}
    ) & ~Q(**{f"{field}__in": Block.objects.filter(blocked=user).values("blocker_id")})


def is_blocked_between(*, one: User, other: User) -> bool:
    return Block.objects.filter(
        Q(blocker=one, blocked=other) | Q(blocker=other, blocked=one)
    ).exists()


def blocks_of(*, user: User):
    return Block.objects.filter(blocker=user).select_related("blocked__profile")


def portrait_hidden(*, user_id: int) -> bool:
    """Whether the moderators took the member's portrait out of sight."""
    return Profile.objects.filter(user_id=user_id, portrait_hidden=True).exists()


def email_taken(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def login_name_for_pseudonym(*, pseudonym: str) -> str:
    """What allauth checks for a member who logs in with their pseudonym: the
    account's login name (or its e-mail); "" when no active member has it."""
    profile = (
        Profile.objects.select_related("user")
        .filter(
            Q(pseudonym__iexact=pseudonym) | Q(pseudonym_key=pseudonym_key(pseudonym))
        )
        .filter(user__is_active=True)
        .first()
    )
    if profile is None:
        return ""
    return profile.user.username or profile.user.email or ""
