from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from community.models import Profile
from community.navigation import add_service_errors
from exchanges import selectors as listing_selectors
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from . import selectors, services
from .forms import DecisionForm, ReportForm, WatchListForm
from .models import Case

# Reporting: any member, about what they can see


def _reportable(request, target, pk):
    """What the member wants to report, if they can see it (404 otherwise), and
    where to go back to."""
    if target == "listing":
        listing = get_object_or_404(
            listing_selectors.listings_visible_to(user=request.user), pk=pk
        )
        return {"listing": listing}, listing.get_absolute_url(), listing.title
    if target == "message":
        message = get_object_or_404(
            selectors.messages_reportable_by(user=request.user).select_related(
                "author", "conversation"
            ),
            pk=pk,
        )
        back = message.conversation.get_absolute_url()
        return {"message": message}, back, message.text[:80]
    if target == "profile":
        profile = get_object_or_404(Profile, pk=pk)
        return {"person": profile.user}, profile.get_absolute_url(), profile.pseudonym
    raise Http404


@login_required
def report(request, target, pk):
    found, back, title = _reportable(request, target, pk)
    places = None
    if target == "profile":
        places = permissions.neighbourhoods_shared(
            request.user, found["person"], Capability.SEE
        )
        if not places.exists():
            raise Http404
    form = ReportForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                neighbourhood=form.cleaned_data.get("neighbourhood"),
                **found,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The moderators of the neighbourhood will look at it; "
                    "you will be told when they have."
                ),
            )
            return redirect(back)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "target": target, "title": title, "back": back},
    )


# The queue and the cases: moderators and coordinators of the neighbourhood


def _neighbourhood(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    return neighbourhood


def _context(request, neighbourhood, **extra):
    return {
        "neighbourhood": neighbourhood,
        "can_coordinate": permissions.can(
            request.user, Capability.COORDINATE, neighbourhood
        ),
        **extra,
    }


@login_required
def queue(request, slug):
    neighbourhood = _neighbourhood(request, slug)
    return render(
        request,
        "moderation/queue.html",
        _context(
            request,
            neighbourhood,
            open_cases=selectors.cases_of(
                moderator=request.user, neighbourhood=neighbourhood
            ),
            closed_cases=selectors.cases_of(
                moderator=request.user,
                neighbourhood=neighbourhood,
                status=Case.Status.CLOSED,
            )[:20],
        ),
    )


@login_required
def case_detail(request, slug, pk):
    neighbourhood = _neighbourhood(request, slug)
    try:
        case = selectors.case_for(
            moderator=request.user, neighbourhood=neighbourhood, pk=pk
        )
    except Case.DoesNotExist as error:
        raise Http404 from error
    form = DecisionForm(request.POST or None, actions=services.actions_possible(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                moderator=request.user,
                case=case,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data.get("days"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Done. The member is told, and the journal keeps it.")
            )
            return redirect(case.get_absolute_url())
    return render(
        request,
        "moderation/case_detail.html",
        _context(
            request,
            neighbourhood,
            case=case,
            reports=selectors.reports_of(case=case),
            context_messages=selectors.message_context(case=case),
            history=selectors.case_history(case=case),
            watched=selectors.watched_words_in(case=case),
            form=form,
        ),
    )


@login_required
def watch_list(request, slug):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    words = selectors.watch_list_of(
        coordinator=request.user, neighbourhood=neighbourhood
    )
    form = WatchListForm(request.POST or None, initial={"words": "\n".join(words)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_watch_list(
                coordinator=request.user,
                neighbourhood=neighbourhood,
                words=form.cleaned_data["words"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The watch list is saved."))
            return redirect(reverse("moderation_watch_list", args=[slug]))
    return render(
        request,
        "moderation/watch_list.html",
        _context(request, neighbourhood, form=form),
    )
