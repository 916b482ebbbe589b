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
    yield _("Moderation cases opened"), "", figures.cases_opened
    yield _("Moderation cases closed"), "", figures.cases_closed


def header() -> list[str]:
    return [_("figure"), _("detail"), _("value")]
