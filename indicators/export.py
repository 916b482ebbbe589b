"""Every figure of a dashboard as rows of a CSV file: figure, detail, value
(written by `community.spreadsheet`)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from .selectors import Figures


def rows(figures: Figures) -> Iterator[tuple[str, str, object]]:
    """(figure, detail, value) for every figure the dashboard shows."""
    yield _("Period"), _("from"), figures.period.start.isoformat()
    yield _("Period"), _("to"), figures.period.end.isoformat()
    for place in figures.neighbourhoods:
        yield _("Neighbourhood"), place.name, place.organisation.name
    yield _("Members"), "", figures.members
    yield _("Active members"), "", figures.active_members
    yield _("New members"), _("whole period"), figures.new_members_total
    for week, count in figures.new_members:
        yield (
            _("New members"),
            _("week of %(date)s") % {"date": week.isoformat()},
            count,
        )
    for row in figures.members_by_role:
        yield _("Members by role"), row.label, row.value
    for row in figures.members_by_age:
        yield _("Members by age group"), row.label, row.value
    yield _("Members by age group"), _("not shared"), figures.age_not_shared
    for name, attribute in (
        (_("Listings posted"), "posted"),
        (_("Listings agreed"), "agreed"),
        (_("Listings done"), "done"),
    ):
        yield name, _("all categories"), getattr(figures, f"listings_{attribute}")
        for row in figures.categories:
            yield name, row.label, getattr(row, attribute)
    yield _("Listings answered"), "", figures.listings_answered
    yield (
        _("Median time to the first answer"),
        _("hours"),
        "" if figures.first_response_hours is None else figures.first_response_hours,
    )
    yield _("Messages between members"), "", figures.messages
    yield _("Conversations"), "", figures.conversations
    yield _("Exchanges done"), "", figures.exchanges_done
    yield _("Hours given"), "", figures.hours_given
    yield _("Intergenerational exchanges done"), "", figures.intergenerational
    yield (
        _("Intergenerational exchanges done"),
        _("18-25 gave their time to 60+"),
        figures.young_gave,
    )
    yield (
        _("Intergenerational exchanges done"),
        _("60+ gave their time to 18-25"),
        figures.senior_gave,
    )
    yield (
        _("Hours given, workshops' organisers and mentors included"),
        "",
        figures.volunteer_hours,
    )
    yield from workshop_rows(figures.workshops)
    yield from mentoring_rows(figures.mentoring)
    yield _("Moderation cases opened"), "", figures.cases_opened
    yield _("Moderation cases closed"), "", figures.cases_closed


def workshop_rows(w) -> Iterator[tuple[str, str, object]]:
    yield _("Workshops held"), "", w.workshops_held
    yield _("Workshop sessions held"), "", w.sessions_held
    yield _("Workshop registrations"), "", w.registrations
    yield _("Workshop participants"), _("members"), w.attended
    yield _("Workshop participants"), _("without an account"), w.walk_ins
    yield _("Workshop no-shows"), "", w.no_shows
    yield (
        _("Workshop attendance rate"),
        _("percent"),
        "" if w.attendance_rate is None else w.attendance_rate,
    )
    yield _("Workshop hours × participants"), "", w.participant_hours
    yield (
        _("Workshop organisers' hours (residents and volunteers)"),
        "",
        w.organiser_hours,
    )
    yield _("Waiting lists"), _("people waiting today"), w.waiting_now
    yield _("Waiting lists"), _("seats given from the waiting list"), w.promoted
    yield (
        _("Waiting lists"),
        _("median wait in days"),
        "" if w.waiting_days is None else w.waiting_days,
    )
    for title, rows in (
        (_("Workshops by category"), w.by_category),
        (_("Workshops by level"), w.by_level),
        (_("Workshops by audience"), w.by_audience),
    ):
        for row in rows:
            yield title, f"{row.label} · " + _("sessions"), row.sessions
            yield title, f"{row.label} · " + _("registrations"), row.registrations
            yield title, f"{row.label} · " + _("participants"), row.attended
            yield title, f"{row.label} · " + _("no-shows"), row.no_shows
            yield (
                title,
                f"{row.label} · " + _("hours × participants"),
                row.participant_hours,
            )
    for row in w.by_age:
        yield _("Workshop participants by age group"), row.label, row.value
    yield _("Workshop participants by age group"), _("not shared"), w.age_not_shared


def mentoring_rows(m) -> Iterator[tuple[str, str, object]]:
    yield _("Mentoring pairs"), _("started in the period"), m.pairs_started
    yield _("Mentoring pairs"), _("under way"), m.pairs_active
    yield _("Mentoring pairs"), _("ended in the period"), m.pairs_ended
    yield _("Mentoring meetings held"), _("all"), m.meetings_held
    yield _("Mentoring hours"), _("all"), m.hours
    for row in m.directions:
        yield _("Mentoring meetings held"), row.label, row.meetings
        yield _("Mentoring hours"), row.label, row.hours
    yield (
        _("Median time from a pair's proposal to its first meeting"),
        _("days"),
        "" if m.first_meeting_days is None else m.first_meeting_days,
    )
    yield _("Safety reports in mentoring"), _("received"), m.safety_reports
    yield _("Safety reports in mentoring"), _("handled"), m.safety_reports_handled
    yield _("Attestations issued"), _("all"), m.attestations
    for label, count in m.attestations_by_kind:
        yield _("Attestations issued"), label, count


def header() -> list[str]:
    return [_("figure"), _("detail"), _("value")]
