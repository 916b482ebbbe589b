"""The coordinators' dashboards (a neighbourhood, or an organisation's
neighbourhoods they coordinate), their CSV export, and the poster of a
neighbourhood's open listings. A refusal (NotAllowed) becomes the 403 page
with its reason."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community import spreadsheet
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Neighbourhood, Organisation

from . import charts, export, selectors
from .forms import PeriodForm


def _neighbourhood(slug) -> Neighbourhood:
    return get_object_or_404(
        Neighbourhood.objects.select_related("organisation"), slug=slug
    )


@dataclass(frozen=True)
class _Covered:
    """What a dashboard covers: the neighbourhoods, the name its export's file
    takes, and what its page shows about them."""

    places: list[Neighbourhood]
    name: str
    context: dict


def _of_neighbourhood(request, slug) -> _Covered:
    neighbourhood = _neighbourhood(slug)
    places = selectors.neighbourhood_scope(
        user=request.user, neighbourhood=neighbourhood
    )
    export_url = reverse("indicators_neighbourhood_export", args=[neighbourhood.slug])
    return _Covered(
        places=places,
        name=neighbourhood.slug,
        context={
            "neighbourhood": neighbourhood,
            "organisation": neighbourhood.organisation,
            "can_coordinate": True,
            "title": neighbourhood.name,
            "export_url": export_url,
        },
    )


def _of_organisation(request, pk) -> _Covered:
    organisation = get_object_or_404(Organisation, pk=pk)
    places = selectors.organisation_scope(user=request.user, organisation=organisation)
    export_url = reverse("indicators_organisation_export", args=[organisation.pk])
    return _Covered(
        places=places,
        name=organisation.name,
        context={
            "organisation": organisation,
            "title": organisation.name,
            "export_url": export_url,
        },
    )


def _dashboard(request, covered: _Covered, *, status=200):
    """The page for these neighbourhoods; with a wrong period, the form and
    its message only, nothing computed."""
    form = PeriodForm(request.GET)
    figures = None
    if form.is_valid():
        figures = selectors.figures(neighbourhoods=covered.places, period=form.period)
    return render(
        request,
        "indicators/dashboard.html",
        {
            "form": form,
            "figures": figures,
            "charts": charts.dashboard_charts(figures) if figures else None,
            "breakdowns": _breakdowns(figures),
            "places": covered.places,
            "query": request.GET.urlencode(),
            **covered.context,
        },
        status=status,
    )


def _breakdowns(figures):
    """The workshops' tables by category, level and audience, with their
    captions."""
    if figures is None:
        return []
    return [
        (_("Workshops by category"), figures.workshops.by_category),
        (_("Workshops by level"), figures.workshops.by_level),
        (_("Workshops by audience"), figures.workshops.by_audience),
    ]


def _export(request, covered: _Covered):
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _dashboard(request, covered, status=400)
    figures = selectors.figures(neighbourhoods=covered.places, period=form.period)
    filename = "-".join(
        [
            slugify(_("indicators")),
            slugify(covered.name),
            form.period.start.isoformat(),
            form.period.end.isoformat(),
        ]
    )
    return spreadsheet.response(
        filename=f"{filename}.csv", header=export.header(), rows=export.rows(figures)
    )


@login_required
def neighbourhood_dashboard(request, slug):
    return _dashboard(request, _of_neighbourhood(request, slug))


@login_required
def neighbourhood_export(request, slug):
    return _export(request, _of_neighbourhood(request, slug))


@login_required
def organisation_dashboard(request, pk):
    return _dashboard(request, _of_organisation(request, pk))


@login_required
def organisation_export(request, pk):
    return _export(request, _of_organisation(request, pk))


@login_required
def neighbourhood_poster(request, slug):
    """An A4 poster for the centre's notice board: the open listings by
    category, the neighbourhood's address on the site and a QR code to it."""
    neighbourhood = _neighbourhood(slug)
    poster = selectors.poster(user=request.user, neighbourhood=neighbourhood)
    neighbourhood_services.mark_poster_printed(
        user=request.user, neighbourhood=neighbourhood
    )
    address = settings.SITE_URL.rstrip("/") + neighbourhood.get_absolute_url()
    qr = segno.make(address, error="m")
    return render(
        request,
        "indicators/poster.html",
        {
            "neighbourhood": neighbourhood,
            "poster": poster,
            "address": address,
            "today": timezone.localdate(),
            "qr_svg": mark_safe(  # noqa: S308 - segno's own SVG; the address is ours
                qr.svg_inline(
                    scale=6, border=2, title=_("QR code of the neighbourhood's page")
                )
            ),
        },
    )
