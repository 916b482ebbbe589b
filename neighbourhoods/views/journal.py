"""The journal of the neighbourhood for its moderators: filtered on the page,
and as a spreadsheet."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from community import spreadsheet

from .. import selectors
from ..forms import JournalFilterForm
from .base import manage_context, moderated


@login_required
def manage_journal(request, slug):
    neighbourhood = moderated(request, slug)
    form = JournalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = selectors.journal_of(
        moderator=request.user, neighbourhood=neighbourhood, **filters
    )
    if request.GET.get("format") == "csv" and (not form.is_bound or form.is_valid()):
        return _journal_csv(neighbourhood, entries)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "neighbourhoods/manage_journal.html",
        manage_context(
            request,
            neighbourhood,
            entries=entries[:200],
            form=form,
            csv_query=query.urlencode(),
        ),
    )


def _journal_csv(neighbourhood, entries):
    """The journal as a spreadsheet, filtered like the page."""
    return spreadsheet.response(
        filename=f"journal-{neighbourhood.slug}.csv",
        header=[_("When"), _("Who"), _("What"), _("On whom"), _("Why")],
        rows=(
            [
                timezone.localtime(entry.created_at).isoformat(timespec="minutes"),
                entry.actor.display_name if entry.actor else "",
                entry.get_action_display(),
                entry.subject.display_name if entry.subject else "",
                entry.said(),
            ]
            for entry in entries.iterator(chunk_size=500)
        ),
    )
