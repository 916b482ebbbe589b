"""Setting up in the site, without the Django admin: operators, organisations,
their coordinators and their neighbourhoods."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.models import User
from neighbourhoods import selectors, services
from neighbourhoods.models import (
    CoordinatorInvitation,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
    OrganisationCoordinator,
)
from neighbourhoods.permissions import NotAllowed
from tests.factories import PASSWORD, MembershipFactory, ProfileFactory
from tests.world import PERSONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    user = ProfileFactory(pseudonym="Opératrice").user
    user.is_operator = True
    user.save(update_fields=["is_operator"])
    return user


@pytest.fixture
def head(organisation):
    """A coordinator of the organisation itself."""
    user = ProfileFactory(pseudonym="Sophie").user
    OrganisationCoordinator.objects.create(organisation=organisation, user=user)
    return user


# Who may do each act: the persons of the matrix never (a neighbourhood's
# coordinator does not run its organisation), an operator or a coordinator of
# the organisation as said.
ACTS = {
    "create_organisation": (
        {"operator"},
        lambda actor, organisation: services.create_organisation(
            operator=actor, name="Maison de quartier Vaise", kind="association"
        ),
    ),
    "update_organisation": (
        {"operator", "head"},
        lambda actor, organisation: services.update_organisation(
            coordinator=actor, organisation=organisation, phone="04 78 00 00 00"
        ),
    ),
    "invite_coordinator": (
        {"operator", "head"},
        lambda actor, organisation: services.invite_coordinator(
            inviter=actor, organisation=organisation, email="new@example.org"
        ),
    ),
    "create_neighbourhood": (
        {"head"},
        lambda actor, organisation: services.create_neighbourhood(
            coordinator=actor, organisation=organisation, name="Saint-Rambert"
        ),
    ),
}


def _actor(person, make_person, operator, head):
    if person == "operator":
        return operator
    if person == "head":
        return head
    return make_person(person)


@pytest.mark.parametrize("act", ACTS)
# A visitor never reaches a service: the pages send them to the login page.
@pytest.mark.parametrize(
    "person", [p for p in PERSONS if p != "visitor"] + ["operator", "head"]
)
def test_each_setup_act_is_allowed_to_its_persons_only(
    act, person, make_person, operator, head, organisation, refused
):
    allowed, run = ACTS[act]
    actor = _actor(person, make_person, operator, head)
    if person in allowed:
        before = JournalEntry.objects.count()
        run(actor, organisation)
        assert JournalEntry.objects.count() == before + 1
        assert JournalEntry.objects.first().actor == actor
    else:
        with refused(NotAllowed):
            run(actor, organisation)


def test_an_operator_creates_an_organisation_journaled_without_neighbourhood(
    operator,
):
    organisation = services.create_organisation(
        operator=operator,
        name="  EPN de la Duchère ",
        kind="digital_space",
        address="3 place Abbé Pierre, 69009 Lyon",
        phone="04 72 00 00 00",
        email="epn@example.org",
    )
    assert organisation.name == "EPN de la Duchère"
    entry = JournalEntry.objects.get(organisation=organisation)
    assert entry.neighbourhood is None
    assert entry.action == JournalEntry.Action.ORGANISATION_CREATED


def test_an_organisation_name_is_unique(operator, organisation, refused):
    with refused(ValidationError, fields={"name"}):
        services.create_organisation(
            operator=operator, name=organisation.name, kind="association"
        )


def test_an_invitation_makes_a_coordinator_once(operator, organisation, refused):
    invitation = services.invite_coordinator(
        inviter=operator, organisation=organisation
    )
    sophie = ProfileFactory().user
    services.accept_coordinator_invitation(
        user=sophie, code=invitation.display_code.lower()
    )
    assert OrganisationCoordinator.objects.filter(
        organisation=organisation, user=sophie
    ).exists()
    latecomer = ProfileFactory().user
    with refused(ValidationError, fields={"code"}):
        services.accept_coordinator_invitation(user=latecomer, code=invitation.code)


def test_an_expired_invitation_is_refused(operator, organisation, refused):
    invitation = services.invite_coordinator(
        inviter=operator, organisation=organisation
    )
    CoordinatorInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    latecomer = ProfileFactory().user
    with refused(ValidationError, fields={"code"}):
        services.accept_coordinator_invitation(user=latecomer, code=invitation.code)


def test_an_invitation_by_email_sends_the_link_once_committed(
    operator, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_coordinator(
            inviter=operator,
            organisation=organisation,
            email="sophie@example.org",
            link=lambda invitation: f"https://site.example/i?code={invitation.code}",
        )
    (message,) = mail.outbox
    assert message.to == ["sophie@example.org"]
    assert f"https://site.example/i?code={invitation.code}" in message.body
    assert invitation.display_code in message.body


def test_a_new_neighbourhood_has_its_creator_as_coordinator(head, organisation):
    neighbourhood = services.create_neighbourhood(
        coordinator=head,
        organisation=organisation,
        name="Les Pentes",
        postcodes="69001, 69004",
        welcome_address="12 rue Dumenge",
        opening_hours="Lundi-vendredi 9h-18h",
        join_policy="code",
        listing_lifetime_days=30,
        message_limit=10,
        message_window_seconds=60,
    )
    assert neighbourhood.slug == "les-pentes"
    assert neighbourhood.postcodes == "69001 69004"
    assert neighbourhood.charter_version == 0
    membership = Membership.objects.get(user=head, neighbourhood=neighbourhood)
    assert (membership.role, membership.status) == ("coordinator", "active")
    assert (
        JournalEntry.objects.filter(neighbourhood=neighbourhood).get().action
        == JournalEntry.Action.NEIGHBOURHOOD_CREATED
    )


def test_two_neighbourhoods_of_the_same_name_get_their_own_slug(
    head, organisation, operator, refused
):
    services.create_neighbourhood(
        coordinator=head, organisation=organisation, name="Centre"
    )
    with refused(ValidationError, fields={"name"}):
        services.create_neighbourhood(
            coordinator=head, organisation=organisation, name="Centre"
        )
    other = services.create_organisation(
        operator=operator, name="Autre centre", kind="association"
    )
    OrganisationCoordinator.objects.create(organisation=other, user=head)
    second = services.create_neighbourhood(
        coordinator=head, organisation=other, name="Centre"
    )
    assert second.slug == "centre-2"


def test_a_coordinator_edits_the_welcome_place_and_flood_limit(
    neighbourhood, coordinator
):
    services.update_neighbourhood(
        coordinator=coordinator,
        neighbourhood=neighbourhood,
        welcome_address="  5 rue Pailleron ",
        opening_hours="Mardi 14h-17h",
        listing_lifetime_days=90,
        message_limit=5,
        message_window_seconds=10,
    )
    neighbourhood.refresh_from_db()
    assert neighbourhood.welcome_address == "5 rue Pailleron"
    assert (neighbourhood.message_limit, neighbourhood.message_window_seconds) == (
        5,
        10,
    )
    assert neighbourhood.listing_lifetime_days == 90


def test_a_zero_flood_limit_is_refused(neighbourhood, coordinator, refused):
    with refused(ValidationError, fields={"message_limit"}):
        services.update_neighbourhood(
            coordinator=coordinator, neighbourhood=neighbourhood, message_limit=0
        )


@pytest.mark.parametrize("person", PERSONS)
def test_the_checklist_is_shown_to_coordinators_only(
    person, make_person, neighbourhood
):
    user = make_person(person)
    checklist = selectors.setup_checklist(user=user, neighbourhood=neighbourhood)
    if person == "coordinator":
        # The world's neighbourhood has its charter, and no code nor poster.
        assert [step["done"] for step in checklist] == [True, False, False, False]
    else:
        assert checklist is None


def test_the_checklist_follows_each_step_then_goes(head, organisation):
    neighbourhood = services.create_neighbourhood(
        coordinator=head, organisation=organisation, name="Neuf"
    )

    def done():
        checklist = selectors.setup_checklist(user=head, neighbourhood=neighbourhood)
        return None if checklist is None else {s["key"] for s in checklist if s["done"]}

    services.publish_charter(
        coordinator=head, neighbourhood=neighbourhood, text="On s'entraide."
    )
    neighbourhood.refresh_from_db()
    assert done() == {"charter"}
    karim = MembershipFactory(neighbourhood=neighbourhood).user
    services.change_role(
        coordinator=head,
        membership=Membership.objects.get(user=karim),
        role="moderator",
    )
    assert done() == {"charter", "moderator"}
    services.create_invitation_code(
        moderator=karim, neighbourhood=neighbourhood, max_uses=5, valid_days=10
    )
    assert done() == {"charter", "moderator", "code"}
    services.mark_poster_printed(user=karim, neighbourhood=neighbourhood)
    neighbourhood.refresh_from_db()
    assert done() is None


def test_create_operator_makes_an_account_that_can_log_in(client):
    call_command("create_operator", "op@example.org", "--no-input")
    user = User.objects.get(email="op@example.org")
    assert user.is_operator
    assert not user.has_usable_password()
    call_command("create_operator", "op@example.org", "--no-input")
    assert User.objects.filter(email="op@example.org").count() == 1


@pytest.mark.parametrize("person", ["outsider", "coordinator", "resident"])
def test_the_organisation_pages_are_refused_to_those_who_do_not_run_it(
    person, make_person, client, organisation
):
    client.force_login(make_person(person))
    for url in (
        reverse("organisation_detail", args=[organisation.pk]),
        reverse("neighbourhood_create", args=[organisation.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("organisation_list"), {"name": "X", "kind": "association"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def _signup_and_confirm(client, *, pseudonym, email):
    mail.outbox.clear()
    client.post(
        reverse("account_signup"),
        {
            "pseudonym": pseudonym,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    link = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    assert client.post(link).status_code == 302
    return User.objects.get(email=email)


def test_a_whole_setup_from_an_empty_database_through_the_pages(
    client, django_capture_on_commit_callbacks
):
    """Operator, organisation, coordinator, neighbourhood, charter, moderator,
    code, first resident: no admin page, no fixture."""
    from django.test import Client

    assert not Organisation.objects.exists() and not User.objects.exists()
    call_command("create_operator", "op@example.org", "--no-input")
    client.force_login(User.objects.get(email="op@example.org"))
    response = client.post(
        reverse("organisation_list"),
        {
            "name": "Centre social du Plateau",
            "kind": "social_centre",
            "description": "",
            "address": "7 place Bellevue, 69004 Lyon",
            "phone": "04 78 11 22 33",
            "email": "accueil@plateau.example",
        },
    )
    organisation = Organisation.objects.get()
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            response.url, {"invite": "1", "email": "sophie@example.org"}, follow=True
        )
    link = re.search(
        r"https?://[^/\s]+(/organisations/invitation/\S+)", mail.outbox[0].body
    )[1]

    sophie_client = Client()
    _signup_and_confirm(sophie_client, pseudonym="Sophie", email="sophie@example.org")
    page = sophie_client.get(link)
    assert "Centre social du Plateau" in page.content.decode()
    code = page.context["form"].cleaned_data["code"]
    response = sophie_client.post(reverse("coordinator_accept"), {"code": code})
    assert response.url == reverse("organisation_detail", args=[organisation.pk])

    response = sophie_client.post(
        reverse("neighbourhood_create", args=[organisation.pk]),
        {
            "name": "Le Plateau",
            "description": "Le haut de la Croix-Rousse.",
            "postcodes": "69004",
            "welcome_address": "7 place Bellevue",
            "opening_hours": "Lundi-vendredi 9h-18h",
            "join_policy": "code",
            "listing_lifetime_days": "60",
            "message_limit": "20",
            "message_window_seconds": "30",
        },
    )
    neighbourhood = Neighbourhood.objects.get()
    assert response.url == reverse("manage_home", args=[neighbourhood.slug])
    home = sophie_client.get(response.url)
    assert [s["done"] for s in home.context["checklist"]] == [False] * 4

    sophie_client.post(
        reverse("manage_edit", args=[neighbourhood.slug]),
        {"publish_charter": "1", "text": "On se respecte, on s'entraide."},
    )
    sophie_client.post(
        reverse("manage_codes", args=[neighbourhood.slug]),
        {"max_uses": "50", "valid_days": "60"},
    )
    card = InvitationCode.objects.get()

    joined = {}
    for pseudonym in ("Karim", "Fatima"):
        person_client = Client()
        _signup_and_confirm(
            person_client, pseudonym=pseudonym, email=f"{pseudonym.lower()}@example.org"
        )
        person_client.post(
            reverse("join_with_code"),
            {"code": card.display_code, "accept_charter": "on"},
        )
        joined[pseudonym] = Membership.objects.get(
            neighbourhood=neighbourhood, user__profile__pseudonym=pseudonym
        )
        assert joined[pseudonym].status == "active"
    sophie_client.post(
        reverse("manage_role", args=[neighbourhood.slug, joined["Karim"].pk]),
        {"role": "moderator"},
    )
    assert (
        sophie_client.get(
            reverse("neighbourhood_poster", args=[neighbourhood.slug])
        ).status_code
        == 200
    )
    poster = sophie_client.get(
        reverse("neighbourhood_poster", args=[neighbourhood.slug])
    )
    assert "04 78 11 22 33" in poster.content.decode()
    home = sophie_client.get(reverse("manage_home", args=[neighbourhood.slug]))
    assert home.context["checklist"] is None
    joined["Karim"].refresh_from_db()
    assert joined["Karim"].role == "moderator"
    assert set(
        JournalEntry.objects.filter(organisation=organisation).values_list(
            "action", flat=True
        )
    ) >= {
        "organisation_created",
        "coordinator_invited",
        "coordinator_joined",
        "neighbourhood_created",
        "charter_published",
        "code_created",
        "role_changed",
    }


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_organisation_may_have_a_logo_shown_on_its_code_cards(
    client, operator, head, organisation, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    client.post(
        reverse("organisation_detail", args=[organisation.pk]),
        {
            "save_organisation": "1",
            "name": organisation.name,
            "kind": organisation.kind,
            "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        },
    )
    organisation.refresh_from_db()
    assert organisation.logo
    logo = client.get(reverse("organisation_logo", args=[organisation.pk]))
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == PNG
    # Saving the details again without a new file keeps the logo.
    client.post(
        reverse("organisation_detail", args=[organisation.pk]),
        {"save_organisation": "1", "name": organisation.name, "kind": "association"},
    )
    organisation.refresh_from_db()
    assert organisation.logo and organisation.kind == "association"


@pytest.mark.parametrize(
    ("name", "content"),
    [("logo.svg", b"<svg onload='alert(1)'/>"), ("big.png", PNG + b"0" * 500_001)],
)
def test_a_logo_that_is_not_a_small_picture_is_refused(
    name, content, operator, organisation, media, refused
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with refused(ValidationError, fields={"logo"}):
        services.update_organisation(
            coordinator=operator,
            organisation=organisation,
            logo=SimpleUploadedFile(name, content),
        )


def test_no_logo_is_a_404(client, organisation):
    assert (
        client.get(reverse("organisation_logo", args=[organisation.pk])).status_code
        == 404
    )


def test_every_coordinator_of_the_organisation_coordinates_its_neighbourhoods(
    head, organisation, operator
):
    first = services.create_neighbourhood(
        coordinator=head, organisation=organisation, name="Premier"
    )
    invitation = services.invite_coordinator(inviter=head, organisation=organisation)
    second_head = ProfileFactory().user
    services.accept_coordinator_invitation(user=second_head, code=invitation.code)
    second = services.create_neighbourhood(
        coordinator=head, organisation=organisation, name="Second"
    )
    for neighbourhood in (first, second):
        for user in (head, second_head):
            membership = Membership.objects.get(user=user, neighbourhood=neighbourhood)
            assert (membership.role, membership.status) == ("coordinator", "active")


def test_a_banned_member_invited_to_coordinate_stays_banned(
    make_person, neighbourhood, organisation, operator
):
    banned = make_person("banned")
    invitation = services.invite_coordinator(
        inviter=operator, organisation=organisation
    )
    services.accept_coordinator_invitation(user=banned, code=invitation.code)
    membership = Membership.objects.get(user=banned, neighbourhood=neighbourhood)
    assert (membership.role, membership.status) == ("resident", "banned")
