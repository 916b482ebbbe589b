"""Pages of neighbourhoods: finding and joining one, its charter, and the tools of
its moderators and coordinators. Each view validates a form and calls one
service or selector; a refusal (NotAllowed) becomes the 403 page with its
reason."""

import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import spreadsheet
from community.forms import ProfileForm
from community.navigation import add_service_errors, safe_next_url
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging.forms import MessageForm
from messaging.models import Conversation

from . import permissions, selectors, services
from .forms import (
    CharterForm,
    CodeForm,
    ConsentForm,
    DecisionForm,
    DeskAccountForm,
    InvitationCodeForm,
    JoinForm,
    JournalFilterForm,
    NeighbourhoodForm,
    RoleForm,
    SearchForm,
)
from .models import InvitationCode, Membership, Neighbourhood
from .permissions import Capability


def _neighbourhood(slug) -> Neighbourhood:
    return get_object_or_404(
        Neighbourhood.objects.select_related("organisation"), slug=slug
    )


def neighbourhood_list(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "neighbourhoods/neighbourhood_list.html",
        {
            "form": form,
            "query": query,
            "neighbourhoods": selectors.search_neighbourhoods(query=query),
        },
    )


def _detail_context(request, neighbourhood, *, join_form=None):
    membership = permissions.membership_of(request.user, neighbourhood)
    join_refusal = permissions.join_refusal(membership)
    gone = membership is not None and membership.status in (
        Membership.Status.LEFT,
        Membership.Status.DECLINED,
    )
    return {
        "neighbourhood": neighbourhood,
        "charter": selectors.current_charter(neighbourhood=neighbourhood),
        "membership": membership,
        "is_suspended": permissions.is_suspended(membership),
        "can_see": permissions.allows(membership, Capability.SEE),
        "can_moderate": permissions.allows(membership, Capability.MODERATE),
        "status_message": (
            join_refusal[0]
            if gone and join_refusal
            else permissions.refusal(membership, Capability.POST)
            if membership
            and not permissions.allows(membership, Capability.POST)
            and membership.status != Membership.Status.LEFT
            else ""
        ),
        "join_form": join_form or JoinForm(),
        "may_join": join_refusal is None,
    }


def neighbourhood_detail(request, slug):
    neighbourhood = _neighbourhood(slug)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        _detail_context(request, neighbourhood),
    )


@login_required
@require_POST
def neighbourhood_join(request, slug):
    neighbourhood = _neighbourhood(slug)
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            membership = services.join_neighbourhood(
                user=request.user,
                neighbourhood=neighbourhood,
                accept_charter=form.cleaned_data["accept_charter"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if membership.status == Membership.Status.PENDING:
                messages.success(
                    request,
                    _(
                        "Your request is sent. A moderator of %(name)s will answer "
                        "soon; you will see the answer on your page."
                    )
                    % {"name": neighbourhood.name},
                )
            else:
                messages.success(
                    request,
                    _("Welcome to %(name)s!") % {"name": neighbourhood.name},
                )
            return redirect(neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        _detail_context(request, neighbourhood, join_form=form),
        status=400,
    )


@login_required
def join_with_code(request):
    """Step one: type the code from the card. Step two: read the charter of the
    neighbourhood it opens, accept it and join."""
    source = request.POST if request.method == "POST" else request.GET
    form = CodeForm(source or None)
    invitation = None
    join_form = JoinForm(request.POST or None)
    if form.is_valid():
        try:
            invitation = services.invitation_for_code(form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
    if invitation is not None and request.method == "POST" and join_form.is_valid():
        try:
            services.join_neighbourhood(
                user=request.user,
                neighbourhood=invitation.neighbourhood,
                accept_charter=join_form.cleaned_data["accept_charter"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            add_service_errors(join_form, error)
        else:
            messages.success(
                request,
                _("Welcome to %(name)s!") % {"name": invitation.neighbourhood.name},
            )
            return redirect(invitation.neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_join_code.html",
        {
            "form": form,
            "join_form": join_form,
            "invitation": invitation,
            "charter": invitation
            and selectors.current_charter(neighbourhood=invitation.neighbourhood),
        },
    )


@login_required
@require_POST
def neighbourhood_leave(request, slug):
    neighbourhood = _neighbourhood(slug)
    try:
        services.leave_neighbourhood(user=request.user, neighbourhood=neighbourhood)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You have left %(name)s.") % {"name": neighbourhood.name}
        )
    return redirect(neighbourhood)


@login_required
def charter_accept(request, slug):
    neighbourhood = _neighbourhood(slug)
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            services.accept_charter(
                user=request.user,
                neighbourhood=neighbourhood,
                version=int(version) if version.isdigit() else None,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        messages.success(request, _("Thank you: the charter is accepted."))
        return redirect(safe_next_url(request, neighbourhood.get_absolute_url()))
    return render(
        request,
        "neighbourhoods/charter_accept.html",
        {
            "neighbourhood": neighbourhood,
            "charter": selectors.current_charter(neighbourhood=neighbourhood),
            "next": safe_next_url(request, ""),
        },
    )


@login_required
def neighbourhood_members(request, slug):
    neighbourhood = _neighbourhood(slug)
    members = selectors.members_of(viewer=request.user, neighbourhood=neighbourhood)
    can_coordinate = permissions.can(request.user, Capability.COORDINATE, neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_members.html",
        {
            "neighbourhood": neighbourhood,
            "members": members,
            "can_coordinate": can_coordinate,
            "can_moderate": permissions.can(
                request.user, Capability.MODERATE, neighbourhood
            ),
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
def my_help(request):
    """A resident's own record of what was done for them at the desk, and their
    consents, each withdrawable at once."""
    return render(
        request,
        "neighbourhoods/help_history.html",
        {
            "entries": selectors.help_history_of(user=request.user),
            "consents": selectors.consents_of(user=request.user),
        },
    )


@login_required
@require_POST
def consent_withdraw(request, slug):
    neighbourhood = _neighbourhood(slug)
    try:
        services.withdraw_consent(resident=request.user, neighbourhood=neighbourhood)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your consent is withdrawn: nobody at %(name)s can act for you any more.")
            % {"name": neighbourhood.name},
        )
    return redirect("my_help")


# Moderators and coordinators


def _moderated(request, slug):
    neighbourhood = _neighbourhood(slug)
    permissions.check(request.user, Capability.MODERATE, neighbourhood)
    return neighbourhood


def _manage_context(request, neighbourhood, **extra):
    return {
        "neighbourhood": neighbourhood,
        "can_coordinate": permissions.can(
            request.user, Capability.COORDINATE, neighbourhood
        ),
        **extra,
    }


@login_required
def manage_home(request, slug):
    neighbourhood = _moderated(request, slug)
    pending = selectors.pending_requests(
        moderator=request.user, neighbourhood=neighbourhood
    )
    return render(
        request,
        "neighbourhoods/manage_home.html",
        _manage_context(
            request, neighbourhood, pending=pending, decision_form=DecisionForm()
        ),
    )


@login_required
@require_POST
def manage_decide(request, slug, membership_id):
    neighbourhood = _neighbourhood(slug)
    membership = get_object_or_404(
        Membership, pk=membership_id, neighbourhood=neighbourhood
    )
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
        return redirect("manage_home", slug=slug)
    try:
        services.decide_request(
            moderator=request.user,
            membership=membership,
            approve=approve,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = membership.user.display_name
        messages.success(
            request,
            (
                _("%(name)s is now a member.")
                if approve
                else _("%(name)s's request is declined.")
            )
            % {"name": name},
        )
    return redirect("manage_home", slug=slug)


@login_required
@require_POST
def manage_role(request, slug, membership_id):
    neighbourhood = _neighbourhood(slug)
    membership = get_object_or_404(
        Membership, pk=membership_id, neighbourhood=neighbourhood
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(
                coordinator=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now: %(role)s.")
                % {
                    "name": membership.user.display_name,
                    "role": Membership.Role(form.cleaned_data["role"]).label,
                },
            )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("neighbourhood_members", slug=slug)


@login_required
def manage_codes(request, slug):
    neighbourhood = _moderated(request, slug)
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.create_invitation_code(
                moderator=request.user, neighbourhood=neighbourhood, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Code %(code)s created. Print its card below.")
                % {"code": invitation.display_code},
            )
            return redirect("manage_code_card", slug=slug, code_id=invitation.pk)
    return render(
        request,
        "neighbourhoods/manage_codes.html",
        _manage_context(
            request,
            neighbourhood,
            form=form,
            codes=selectors.invitation_codes_of(
                moderator=request.user, neighbourhood=neighbourhood
            ),
        ),
    )


@login_required
@require_POST
def manage_code_revoke(request, slug, code_id):
    neighbourhood = _neighbourhood(slug)
    invitation = get_object_or_404(
        InvitationCode, pk=code_id, neighbourhood=neighbourhood
    )
    services.revoke_invitation_code(moderator=request.user, invitation=invitation)
    messages.success(
        request, _("Code %(code)s withdrawn.") % {"code": invitation.display_code}
    )
    return redirect("manage_codes", slug=slug)


@login_required
def manage_code_card(request, slug, code_id):
    """A card to print and hand out: the neighbourhood, the code, the site's
    address and a QR code that opens the join page with the code filled in."""
    neighbourhood = _moderated(request, slug)
    invitation = get_object_or_404(
        InvitationCode, pk=code_id, neighbourhood=neighbourhood
    )
    join_url = request.build_absolute_uri(
        f"{reverse('join_with_code')}?{urlencode({'code': invitation.code})}"
    )
    qr = segno.make(join_url, error="m")
    return render(
        request,
        "neighbourhoods/code_card.html",
        {
            "neighbourhood": neighbourhood,
            "invitation": invitation,
            "site_url": request.build_absolute_uri("/"),
            "join_url": join_url,
            "qr_svg": mark_safe(  # noqa: S308 - segno's own SVG, no user input in markup
                qr.svg_inline(scale=5, title=_("QR code to join"), border=2)
            ),
        },
    )


@login_required
def manage_edit(request, slug):
    neighbourhood = _neighbourhood(slug)
    permissions.check(request.user, Capability.COORDINATE, neighbourhood)
    charter = selectors.current_charter(neighbourhood=neighbourhood)
    form = NeighbourhoodForm(
        request.POST if "save_neighbourhood" in request.POST else None,
        initial={
            "description": neighbourhood.description,
            "postcodes": neighbourhood.postcodes,
            "join_policy": neighbourhood.join_policy,
        },
    )
    charter_form = CharterForm(
        request.POST if "publish_charter" in request.POST else None,
        initial={"text": charter.text if charter else ""},
    )
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.update_neighbourhood(
                    coordinator=request.user,
                    neighbourhood=neighbourhood,
                    **form.cleaned_data,
                )
                messages.success(request, _("The neighbourhood is saved."))
                return redirect("manage_edit", slug=slug)
            if charter_form.is_bound and charter_form.is_valid():
                new = services.publish_charter(
                    coordinator=request.user,
                    neighbourhood=neighbourhood,
                    text=charter_form.cleaned_data["text"],
                )
                messages.success(
                    request,
                    _(
                        "Version %(version)d of the charter is published. Members "
                        "will be asked to accept it on their next visit."
                    )
                    % {"version": new.version},
                )
                return redirect("manage_edit", slug=slug)
        except ValidationError as error:
            add_service_errors(charter_form if charter_form.is_bound else form, error)
    return render(
        request,
        "neighbourhoods/manage_edit.html",
        _manage_context(
            request,
            neighbourhood,
            form=form,
            charter_form=charter_form,
            charter=charter,
        ),
    )


@login_required
def manage_desk(request, slug):
    """The desk: make an account for a resident who is present, record a
    consent to be helped, and act for the residents who gave it."""
    neighbourhood = _moderated(request, slug)
    form = DeskAccountForm(
        request.POST or None, charter_required=bool(neighbourhood.charter_version)
    )
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_desk_account(
                moderator=request.user, neighbourhood=neighbourhood, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown once, to print: the one-time password is stored only hashed.
            return render(
                request,
                "neighbourhoods/desk_sheet.html",
                {
                    "neighbourhood": neighbourhood,
                    "account": account,
                    "site_url": request.build_absolute_uri("/"),
                },
            )
    return render(
        request,
        "neighbourhoods/manage_desk.html",
        _manage_context(
            request,
            neighbourhood,
            form=form,
            helped=selectors.residents_helped(
                moderator=request.user, neighbourhood=neighbourhood
            ),
        ),
    )


def _resident(neighbourhood, user_id):
    membership = get_object_or_404(
        Membership.objects.select_related("user__profile"),
        neighbourhood=neighbourhood,
        user_id=user_id,
    )
    return membership.user


@login_required
def manage_resident(request, slug, user_id):
    """One resident at the desk: their consent, and what can be done for them."""
    neighbourhood = _moderated(request, slug)
    resident = _resident(neighbourhood, user_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(
                moderator=request.user,
                resident=resident,
                neighbourhood=neighbourhood,
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("manage_resident", slug=slug, user_id=user_id)
    return render(
        request,
        "neighbourhoods/manage_resident.html",
        _manage_context(
            request,
            neighbourhood,
            resident=resident,
            consent=permissions.live_consent(resident, neighbourhood),
            can_act_for=permissions.can_act_for(request.user, resident, neighbourhood),
            history=selectors.help_history_of(user=resident).filter(
                neighbourhood=neighbourhood
            ),
            form=form,
        ),
    )


@login_required
def manage_resident_profile(request, slug, user_id):
    """The moderator fills in the profile of a resident who is present and gave
    their consent; it is recorded in the resident's history."""
    neighbourhood = _neighbourhood(slug)
    resident = _resident(neighbourhood, user_id)
    permissions.check_act_for(request.user, resident, neighbourhood)
    profile = getattr(resident, "profile", None)
    if request.method == "POST":
        form = ProfileForm(request.POST, user=resident)
        if form.is_valid():
            try:
                services.update_profile_for(
                    helper=request.user,
                    resident=resident,
                    neighbourhood=neighbourhood,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s's profile is saved.") % {"name": resident.display_name},
                )
                return redirect("manage_resident", slug=slug, user_id=user_id)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile), user=resident)
    return render(
        request,
        "neighbourhoods/manage_resident_profile.html",
        _manage_context(request, neighbourhood, resident=resident, form=form),
    )


@login_required
def manage_resident_messages(request, slug, user_id):
    """The resident's conversations, read at the desk with them."""
    neighbourhood = _neighbourhood(slug)
    resident = _resident(neighbourhood, user_id)
    conversations = messaging_selectors.conversations_for_desk(
        helper=request.user, resident=resident, neighbourhood=neighbourhood
    )
    return render(
        request,
        "neighbourhoods/manage_resident_messages.html",
        _manage_context(
            request, neighbourhood, resident=resident, conversations=conversations
        ),
    )


def _desk_conversation(request, neighbourhood, resident, conversation_id):
    try:
        return messaging_selectors.conversation_for_desk(
            helper=request.user,
            resident=resident,
            neighbourhood=neighbourhood,
            pk=conversation_id,
        )
    except Conversation.DoesNotExist as error:
        raise Http404 from error


@login_required
def manage_resident_conversation(request, slug, user_id, conversation_id):
    """One of the resident's conversations at the desk: its history, and a plain
    form to write for them ("sent with the help of" the moderator)."""
    neighbourhood = _neighbourhood(slug)
    resident = _resident(neighbourhood, user_id)
    conversation = _desk_conversation(request, neighbourhood, resident, conversation_id)
    here = reverse(
        "manage_resident_conversation",
        kwargs={"slug": slug, "user_id": user_id, "conversation_id": conversation.pk},
    )
    form = MessageForm(request.POST or None, initial={"client_id": uuid.uuid4()})
    form.fields["text"].label = _("Message from %(name)s") % {
        "name": resident.display_name
    }
    if request.method == "POST" and form.is_valid():
        try:
            messaging_services.send_message_for(
                helper=request.user,
                resident=resident,
                conversation=conversation,
                text=form.cleaned_data["text"],
                client_id=form.cleaned_data["client_id"],
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(
                request,
                _("The message of %(name)s is sent.") % {"name": resident.display_name},
            )
            return redirect(f"{here}#latest")
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = None
    page, has_older = messaging_selectors.messages_page(
        conversation=conversation, before=before, reader=resident
    )
    # Unlike the resident's own page, reading here does NOT mark the messages
    # read for them: the moderator may be looking alone (to prepare a visit,
    # or on a day the resident is not there), and the unread count and the
    # e-mail reminder are how the resident learns something waits for them.
    # When they read it together, the moderator says so with the "read
    # together" button (mark_read_for), which is recorded in their history.
    return render(
        request,
        "neighbourhoods/manage_resident_conversation.html",
        _manage_context(
            request,
            neighbourhood,
            resident=resident,
            conversation=conversation,
            messages_page=page,
            has_older=has_older,
            form=form,
            others=[
                p.user
                for p in conversation.participants.all()
                if p.user_id != resident.pk
            ],
        ),
    )


@login_required
@require_POST
def manage_resident_conversation_read(request, slug, user_id, conversation_id):
    neighbourhood = _neighbourhood(slug)
    resident = _resident(neighbourhood, user_id)
    conversation = _desk_conversation(request, neighbourhood, resident, conversation_id)
    up_to = request.POST.get("up_to", "")
    if up_to.isdigit():
        messaging_services.mark_read_for(
            helper=request.user,
            resident=resident,
            conversation=conversation,
            up_to=int(up_to),
        )
        messages.success(
            request,
            _("The messages are marked as read for %(name)s.")
            % {"name": resident.display_name},
        )
    return redirect(
        "manage_resident_conversation",
        slug=slug,
        user_id=user_id,
        conversation_id=conversation.pk,
    )


@login_required
def manage_journal(request, slug):
    neighbourhood = _moderated(request, slug)
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
        _manage_context(
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
                entry.details,
            ]
            for entry in entries.iterator(chunk_size=500)
        ),
    )
