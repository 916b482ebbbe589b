"""The animateur's pages: the pairs of a neighbourhood to follow, its
settings, the desk's consents and marks, and the safety reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import checked_id
from neighbourhoods.models import Neighbourhood

from .. import permissions, selectors, services
from ..forms import (
    CareMarkForm,
    GuardianConsentForm,
    HandleReportForm,
    SettingsForm,
    StaffProposeForm,
)
from ..models import SafetyReport


def _forms(neighbourhood, data=None, which=None):
    members = selectors.members_for_pairs(neighbourhood=neighbourhood)
    found = permissions.settings_of(neighbourhood)
    made = {
        "settings_form": SettingsForm(
            initial={
                "approval_required": found.approval_required,
                "first_meeting_at_centre": found.first_meeting_at_centre,
                "quiet_after_days": found.quiet_after_days,
            }
        ),
        "propose_form": StaffProposeForm(members=members),
        "consent_form": GuardianConsentForm(
            members=selectors.minors_of(neighbourhood=neighbourhood)
        ),
        "care_form": CareMarkForm(members=members),
    }
    return made


@login_required
def follow_up(request, slug, forms=None):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    page = selectors.follow_up(user=request.user, neighbourhood=neighbourhood)
    context = {
        "neighbourhood": neighbourhood,
        **page,
        **selectors.consents_and_marks(neighbourhood=neighbourhood),
        **_forms(neighbourhood),
        **(forms or {}),
    }
    return render(request, "mentoring/follow_up.html", context)


def _staff_post(form_name, make_form, handle, done):
    @login_required
    @require_POST
    def view(request, slug):
        neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
        permissions.check_follow(request.user, neighbourhood)
        form = make_form(request.POST, neighbourhood)
        if form.is_valid():
            try:
                handle(request.user, neighbourhood, form.cleaned_data)
            except ValidationError as error:
                form.add_error(
                    None, error if not hasattr(error, "error_dict") else error.messages
                )
            else:
                messages.success(request, str(done))
                return redirect("mentoring:follow_up", slug=slug)
        request.method = "GET"
        return follow_up(request, slug, forms={form_name: form})

    return view


follow_settings = _staff_post(
    "settings_form",
    lambda data, n: SettingsForm(data),
    lambda user, n, data: services.save_settings(by=user, neighbourhood=n, **data),
    _("Saved."),
)
follow_propose = _staff_post(
    "propose_form",
    lambda data, n: StaffProposeForm(
        data, members=selectors.members_for_pairs(neighbourhood=n)
    ),
    lambda user, n, data: services.propose_pair(by=user, neighbourhood=n, **data),
    _("The pair is proposed to both members."),
)
follow_consent = _staff_post(
    "consent_form",
    lambda data, n: GuardianConsentForm(
        data, members=selectors.minors_of(neighbourhood=n)
    ),
    lambda user, n, data: services.record_guardian_consent(
        by=user, neighbourhood=n, **data
    ),
    _("The guardian's consent is recorded."),
)
follow_care = _staff_post(
    "care_form",
    lambda data, n: CareMarkForm(
        data, members=selectors.members_for_pairs(neighbourhood=n)
    ),
    lambda user, n, data: services.mark_needs_care(by=user, neighbourhood=n, **data),
    _("The member is marked: their pairs will be approved first."),
)


@login_required
def safety_queue(request):
    """Every safety report of the neighbourhoods the person moderates, open
    ones first."""
    neighbourhoods = list(selectors.staffed_neighbourhoods(user=request.user))
    if not neighbourhoods:
        raise Http404
    queues = [
        (n, list(selectors.safety_reports(user=request.user, neighbourhood=n)))
        for n in neighbourhoods
    ]
    return render(
        request,
        "mentoring/safety_queue.html",
        {"queues": queues},
    )


@login_required
@require_POST
def safety_handle(request, pk):
    pk = checked_id(pk)
    if pk is None:
        raise Http404
    report = get_object_or_404(
        SafetyReport.objects.select_related("pair", "neighbourhood"), pk=pk
    )
    permissions.check_follow(request.user, report.neighbourhood)
    form = HandleReportForm(request.POST)
    if form.is_valid():
        try:
            services.handle_safety_report(
                by=request.user, report=report, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report is handled."))
    else:
        messages.error(request, _("Say what you did."))
    return redirect(reverse("mentoring:safety"))


def _member_button(service, done):
    """A button next to a consent or a mark: the member's id is posted."""

    @login_required
    @require_POST
    def view(request, slug):
        neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
        permissions.check_follow(request.user, neighbourhood)
        member_id = checked_id(request.POST.get("member", ""))
        member = get_object_or_404(
            selectors.members_of_neighbourhood(neighbourhood=neighbourhood),
            pk=member_id if member_id is not None else 0,
        )
        try:
            service(by=request.user, member=member, neighbourhood=neighbourhood)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, str(done))
        return redirect("mentoring:follow_up", slug=slug)

    return view


follow_withdraw = _member_button(
    services.withdraw_guardian_consent,
    _("The guardian's consent is withdrawn: the member's pairs are paused."),
)
follow_lift = _member_button(services.lift_needs_care, _("The mark is lifted."))
