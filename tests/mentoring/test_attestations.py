"""Attestations: who may ask for one (over the persons matrix), what they
count (exchanges by category, workshops organised, mentoring; skills from
the logs and the workshops attended), their PDF, and the public page that
checks their code."""

import datetime
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from exchanges import services as exchange_services
from exchanges.models import Category, Listing, Response
from mentoring import services
from mentoring.models import Attestation
from tests.world import PERSONS, SEERS
from workshops import services as workshop_services
from workshops.models import Registration, Session

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def this_year():
    today = timezone.localdate()
    return {"start": today.replace(month=1, day=1), "end": today}


def issue(member, neighbourhood, kind="volunteering", by=None):
    return services.issue_attestation(
        by=by or member,
        member=member,
        neighbourhood=neighbourhood,
        kind=kind,
        holder_name="Inès Haddad",
        **this_year(),
    )


def pdf_bytes(pdf: bytes) -> bytes:
    """The PDF with its compressed streams opened, to search its text."""
    found = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(found)


@pytest.mark.parametrize("person", PERSONS)
def test_a_member_of_the_neighbourhood_asks_for_their_own_attestation(
    person, make_person, neighbourhood, refused
):
    user = make_person(person)
    if person not in SEERS:
        with refused():
            services.issue_attestation(
                by=user,
                member=user,
                neighbourhood=neighbourhood,
                kind="volunteering",
                holder_name="X",
                **this_year(),
            )
        return
    attestation = issue(user, neighbourhood)
    assert len(attestation.code) == 10


def test_nobody_asks_for_someone_elses_attestation_but_the_staff(
    make_person, neighbourhood, senior, animateur, refused
):
    other = make_person("resident")
    with refused():
        issue(senior, neighbourhood, by=other)
    assert issue(senior, neighbourhood, by=animateur).member == senior


def test_the_period_ends_after_it_starts_and_not_in_the_future(
    senior, neighbourhood, refused
):
    today = timezone.localdate()
    with refused(Exception):
        services.issue_attestation(
            by=senior,
            member=senior,
            neighbourhood=neighbourhood,
            kind="skills",
            holder_name="X",
            start=today,
            end=today + datetime.timedelta(days=2),
        )


def test_volunteering_counts_exchanges_workshops_and_mentoring(
    active_pair, mentor, senior, animateur, neighbourhood
):
    digital = Category.objects.get(neighbourhood=None, key="digital")
    listing = exchange_services.create_listing(
        author=senior,
        neighbourhood=neighbourhood,
        kind=Listing.Kind.REQUEST,
        title="Aide smartphone",
        category=digital,
        tags=["smartphone"],
    )
    now = timezone.now()
    Response.objects.create(
        listing=listing,
        responder=mentor,
        message="Je peux",
        status=Response.Status.ACCEPTED,
        author_confirmed_at=now,
        responder_confirmed_at=now,
        minutes_spent=90,
    )
    workshop = workshop_services.create_workshop(
        by=animateur, neighbourhood=neighbourhood, title="Tablette", category=digital
    )
    workshop.organisers.add(mentor)
    start = now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=4)
    Session.objects.create(
        workshop=workshop, starts_at=start, ends_at=start + 2 * HOUR, capacity=5
    )
    meeting = services.plan_meeting(
        by=mentor, pair=active_pair, starts_at=now - HOUR, duration=HOUR
    )
    services.mark_held(by=mentor, meeting=meeting)
    content = issue(mentor, neighbourhood).content
    assert [row["hours"] for row in content["exchanges"]] == [1.5]
    assert content["workshops"] == [{"label": "Tablette", "sessions": 1, "hours": 2.0}]
    assert content["mentoring"] == [
        {"label": "Appels vidéo", "sessions": 1, "hours": 1.0}
    ]
    assert content["total_hours"] == 4.5
    assert content["organisation"] == "Centre social des Tilleuls"


def test_skills_come_from_the_logs_and_the_workshops_attended(
    active_pair, mentor, senior, animateur, neighbourhood
):
    now = timezone.now()
    meeting = services.plan_meeting(
        by=senior, pair=active_pair, starts_at=now - HOUR, duration=HOUR
    )
    services.mark_held(by=senior, meeting=meeting)
    services.write_log(
        by=senior, meeting=meeting, done="Un appel", learnt="Lancer un appel vidéo"
    )
    services.write_log(
        by=mentor, meeting=meeting, done="Installer WhatsApp", learnt="La patience"
    )
    digital = Category.objects.get(neighbourhood=None, key="digital")
    workshop = workshop_services.create_workshop(
        by=animateur, neighbourhood=neighbourhood, title="Tablette", category=digital
    )
    start = now - 3 * HOUR
    session = Session.objects.create(
        workshop=workshop, starts_at=start, ends_at=start + HOUR, capacity=5
    )
    Registration.objects.create(
        session=session, user=senior, state=Registration.State.ATTENDED
    )
    content = issue(senior, neighbourhood, kind="skills").content
    (pair,) = content["pairs"]
    assert "Lancer un appel vidéo" in pair["items"]
    assert "Installer WhatsApp" in pair["items"]
    # What the mentor learnt is theirs, not the learner's skill.
    assert "La patience" not in pair["items"]
    assert [row["label"] for row in content["workshops"]] == ["Tablette"]


def test_the_pdf_and_the_page_carry_the_code_which_anyone_checks(
    client, senior, neighbourhood, make_person
):
    client.force_login(senior)
    response = client.post(
        reverse("mentoring:attestations"),
        {
            "kind": "volunteering",
            "neighbourhood": neighbourhood.pk,
            "holder_name": "Inès Haddad",
            **{key: value.isoformat() for key, value in this_year().items()},
        },
    )
    attestation = Attestation.objects.get()
    assert response.url == attestation.get_absolute_url()
    page = client.get(attestation.get_absolute_url()).content.decode()
    assert attestation.code in page and "Inès Haddad" in page
    pdf = client.get(reverse("mentoring:attestation_pdf", args=[attestation.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert attestation.code.encode() in pdf_bytes(pdf.content)
    # One A4 page.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf_bytes(pdf.content))) == 1
    assert b"/MediaBox [0 0 595" in pdf_bytes(pdf.content)
    # Someone else may not read it, but anyone checks its code.
    client.force_login(make_person("resident"))
    url = reverse("mentoring:attestation", args=[attestation.code])
    assert client.get(url).status_code == 404
    client.logout()
    verify = reverse("mentoring:verify")
    typed = " " + attestation.code.lower() + " "
    checked = client.get(verify, {"code": typed}).content.decode()
    assert "Inès Haddad" in checked
    unknown = client.get(verify, {"code": "NOPE"}).content.decode()
    assert "Inès Haddad" not in unknown
