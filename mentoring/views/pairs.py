"""A member's pages: my pairs, a pair's page and its buttons, proposing a
pair from a profile, the safety rules, "I am uncomfortable"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import Profile
from community.navigation import add_service_errors, checked_id
from exchanges import matching
from exchanges import selectors as exchange_selectors
from exchanges.models import Listing

from .. import permissions, selectors, services
from ..forms import (
    ContactForm,
    EndForm,
    HandOverForm,
    LogForm,
    MeetingForm,
    ProposeForm,
    StaffNoteForm,
    UncomfortableForm,
)
from ..models import Meeting, Pair


def _pair(request, pk) -> Pair:
    pk = checked_id(pk)
    if pk is None:
        raise Http404
    return get_object_or_404(selectors.pairs_visible_to(user=request.user), pk=pk)


@login_required
def my_pairs(request):
    pairs = selectors.my_pairs(user=request.user)
    return render(
        request,
        "mentoring/my_pairs.html",
        {
            "pairs": pairs,
            "hours": selectors.minutes_by_side(user=request.user),
            "staffed": selectors.staffed_neighbourhoods(user=request.user),
        },
    )


@login_required
def pair_detail(request, pk):
    pair = _pair(request, pk)
    user = request.user
    is_side = permissions.is_side(user, pair)
    is_staff = permissions.may_staff(user, pair.neighbourhood) and not is_side
    meetings = list(selectors.meetings_of(pair=pair))
    for meeting in meetings:
        meeting.my_log = next(
            (log for log in meeting.logs.all() if log.author_id == user.pk), None
        )
        meeting.log_form = LogForm(auto_id=f"id_log{meeting.pk}_%s")
    live = pair.state in Pair.LIVE
    contacts = permissions.may_see_contacts(user, pair)
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": pair,
            "is_side": is_side,
            "is_mentor": user.pk == pair.mentor_id,
            "is_staff": is_staff,
            "meetings": meetings,
            "now": timezone.now(),
            "live": live,
            "may_accept": _may(permissions.check_accept, user, pair),
            "may_act": is_side
            and live
            and permissions.may_take_part(user, pair.neighbourhood),
            "settings": permissions.settings_of(pair.neighbourhood),
            "contacts": contacts,
            "other_contact": (
                pair.mentee_contact
                if user.pk == pair.mentor_id
                else pair.mentor_contact
            ),
            "my_contact": (
                pair.mentor_contact
                if user.pk == pair.mentor_id
                else pair.mentee_contact
            ),
            "show_safety_rules": is_side
            and pair.state == Pair.State.ACTIVE
            and not any(m.held_at for m in meetings),
            "missing_consents": permissions.missing_consents(pair),
            "meeting_form": MeetingForm(
                places=selectors.places_for(pair=pair),
                initial={"minutes": 60},
            ),
            "end_form": EndForm(),
            "contact_form": ContactForm(
                initial={
                    "contact": pair.mentor_contact
                    if user.pk == pair.mentor_id
                    else pair.mentee_contact
                }
            ),
            "hand_over_form": HandOverForm(
                members=selectors.members_for_pairs(
                    neighbourhood=pair.neighbourhood
                ).exclude(pk__in=pair.sides())
            ),
            "note_form": StaffNoteForm(initial={"note": pair.staff_note}),
        },
    )


def _may(check, *args) -> bool:
    try:
        check(*args)
    except Exception:  # noqa: BLE001 - a refusal of any kind hides the button
        return False
    return True


def _button(service, done, **fixed):
    @login_required
    @require_POST
    def view(request, pk):
        pair = _pair(request, pk)
        try:
            service(by=request.user, pair=pair, **fixed)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, str(done))
        return redirect(pair.get_absolute_url())

    return view


pair_accept = _button(services.accept_pair, _("You accepted the pair."))
pair_decline = _button(services.decline_pair, _("The pair will not go ahead."))
pair_pause = _button(services.pause_pair, _("The pair is paused."))
pair_resume = _button(services.resume_pair, _("The pair is active again."))


@login_required
@require_POST
def pair_decide(request, pk):
    pair = _pair(request, pk)
    approve = request.POST.get("decision") == "approve"
    services.decide_pair(by=request.user, pair=pair, approve=approve)
    messages.success(
        request, _("The pair is approved.") if approve else _("The pair is declined.")
    )
    return redirect(pair.get_absolute_url())


def _form_post(form_class, handle, done, **form_kwargs):
    """A form on the pair's page: on an error, the page's errors say why."""

    @login_required
    @require_POST
    def view(request, pk):
        pair = _pair(request, pk)
        kwargs = {key: make(pair) for key, make in form_kwargs.items()}
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                target = handle(request.user, pair, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, str(done))
                return redirect((target or pair).get_absolute_url())
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(pair.get_absolute_url())

    return view


pair_end = _form_post(
    EndForm,
    lambda user, pair, form: services.end_pair(
        by=user,
        pair=pair,
        closing_word=form.cleaned_data["closing_word"],
        thanks=form.cleaned_data["thanks"],
    ),
    _("The pair has ended. Thank you for the time you gave."),
)
pair_contact = _form_post(
    ContactForm,
    lambda user, pair, form: services.save_contact(
        by=user, pair=pair, contact=form.cleaned_data["contact"]
    ),
    _("Saved."),
)
pair_hand_over = _form_post(
    HandOverForm,
    lambda user, pair, form: (
        services.hand_over(
            by=user, pair=pair, new_mentor=form.cleaned_data["new_mentor"]
        )
        and pair
    ),
    _("The new mentor is asked to take over."),
    members=lambda pair: selectors.members_for_pairs(neighbourhood=pair.neighbourhood),
)
meeting_plan = _form_post(
    MeetingForm,
    lambda user, pair, form: (
        services.plan_meeting(
            by=user,
            pair=pair,
            starts_at=form.cleaned_data["starts_at"],
            duration=form.duration,
            place=form.cleaned_data["place"],
        ).pair
    ),
    _("The meeting is planned."),
    places=lambda pair: selectors.places_for(pair=pair),
)
pair_note = _form_post(
    StaffNoteForm,
    lambda user, pair, form: services.save_staff_note(
        by=user,
        pair=pair,
        note=form.cleaned_data["note"],
        checked_in=form.cleaned_data["checked_in"],
    ),
    _("Saved."),
)


def _meeting(request, pk) -> Meeting:
    pk = checked_id(pk)
    if pk is None:
        raise Http404
    pairs = selectors.pairs_visible_to(user=request.user)
    return get_object_or_404(
        Meeting.objects.select_related("pair__neighbourhood", "place"),
        pk=pk,
        pair__in=pairs,
    )


@login_required
@require_POST
def meeting_held(request, pk):
    meeting = _meeting(request, pk)
    try:
        services.mark_held(
            by=request.user,
            meeting=meeting,
            during_opening_hours=request.POST.get("during_opening_hours") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is marked as held."))
    return redirect(meeting.pair.get_absolute_url())


@login_required
@require_POST
def meeting_log(request, pk):
    meeting = _meeting(request, pk)
    form = LogForm(request.POST)
    if form.is_valid():
        try:
            services.write_log(by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for writing it down."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(meeting.pair.get_absolute_url())


@login_required
def pair_propose(request, profile_pk):
    """Propose a pair to the member whose profile this is."""
    pk = checked_id(profile_pk)
    if pk is None:
        raise Http404
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
    other = profile.user
    neighbourhoods = selectors.neighbourhoods_to_pair_with(
        user=request.user, other=other
    )
    if other.pk == request.user.pk or not neighbourhoods:
        raise Http404
    listing = _listing(
        request, request.POST.get("listing") or request.GET.get("listing")
    )
    initial = {
        "role": request.GET.get("role", "mentee"),
        "purpose": request.GET.get("purpose", "")[:200]
        or (listing.title if listing else ""),
        "neighbourhood": listing.neighbourhood
        if listing and listing.neighbourhood in neighbourhoods
        else neighbourhoods[0],
        "listing": listing.pk if listing else None,
    }
    form = ProposeForm(
        request.POST or None, neighbourhoods=neighbourhoods, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        me_mentor = form.cleaned_data["role"] == "mentor"
        try:
            pair = services.propose_pair(
                by=request.user,
                mentor=request.user if me_mentor else other,
                mentee=other if me_mentor else request.user,
                neighbourhood=form.cleaned_data["neighbourhood"],
                purpose=form.cleaned_data["purpose"],
                why=_why(listing, reader=other, proposer=request.user),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your proposal is sent to %(name)s.") % {"name": profile.pseudonym},
            )
            return redirect(pair.get_absolute_url())
    return render(
        request,
        "mentoring/pair_propose.html",
        {
            "form": form,
            "profile": profile,
            "listing": listing,
            "why": _why(listing, reader=request.user, proposer=other),
        },
    )


def _listing(request, pk):
    """The listing a suggestion came from, if the person may see it."""
    pk = checked_id(pk)
    if pk is None:
        return None
    try:
        return exchange_selectors.listing_for(user=request.user, pk=pk)
    except Listing.DoesNotExist:
        return None


def _why(listing, *, reader, proposer) -> list:
    """Why the suggestion fits, in words that speak to `reader`: the
    reasons of the matching between the listing and whichever of the two
    is not its author."""
    if listing is None:
        return []
    if reader.pk == listing.author_id:
        fit = exchange_selectors.fit_between(
            member=proposer, listing=listing, viewpoint=matching.AUTHOR
        )
    elif proposer.pk == listing.author_id:
        fit = exchange_selectors.fit_between(member=reader, listing=listing)
    else:
        return []
    return list(fit.reasons)


@login_required
def pair_uncomfortable(request, pk):
    """ "I am uncomfortable": a page that says what will happen, and sends."""
    pair = _pair(request, pk)
    permissions.check_say_uncomfortable(request.user, pair)
    form = UncomfortableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.say_uncomfortable(
            by=request.user, pair=pair, text=form.cleaned_data["text"]
        )
        return render(request, "mentoring/uncomfortable_sent.html", {"pair": pair})
    return render(request, "mentoring/uncomfortable.html", {"pair": pair, "form": form})


def safety_rules(request):
    return render(request, "mentoring/safety_rules.html")
