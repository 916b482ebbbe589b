"""The desk: moderators make accounts for residents who are present, record
their consent and act for them (profile, messages); the resident's own record of
that help, and withdrawing their consent."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms import ProfileForm
from community.navigation import add_service_errors, checked_id
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging.forms import MessageForm
from messaging.models import Conversation

from .. import permissions, selectors, services
from ..forms import ConsentForm, DeskAccountForm
from ..models import Membership
from .base import manage_context, moderated, neighbourhood_or_404, tell_outcome


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
    neighbourhood = neighbourhood_or_404(slug)
    tell_outcome(
        request,
        lambda: services.withdraw_consent(
            resident=request.user, neighbourhood=neighbourhood
        ),
        _("Your consent is withdrawn: nobody at %(name)s can act for you any more.")
        % {"name": neighbourhood.name},
    )
    return redirect("my_help")


@login_required
def manage_desk(request, slug):
    """The desk: make an account for a resident who is present, record a
    consent to be helped, and act for the residents who gave it."""
    neighbourhood = moderated(request, slug)
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
        manage_context(
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
    neighbourhood = moderated(request, slug)
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
        manage_context(
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
@require_POST
def manage_resident_password(request, slug, user_id):
    """A new one-time password for a resident who lost theirs, shown once on
    the sheet to print."""
    neighbourhood = moderated(request, slug)
    resident = _resident(neighbourhood, user_id)
    account = services.reset_desk_password(
        moderator=request.user, resident=resident, neighbourhood=neighbourhood
    )
    return render(
        request,
        "neighbourhoods/desk_sheet.html",
        {
            "neighbourhood": neighbourhood,
            "account": account,
            "new_password": True,
            "site_url": request.build_absolute_uri("/"),
        },
    )


@login_required
def manage_resident_profile(request, slug, user_id):
    """The moderator fills in the profile of a resident who is present and gave
    their consent; it is recorded in the resident's history."""
    neighbourhood = neighbourhood_or_404(slug)
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
        manage_context(request, neighbourhood, resident=resident, form=form),
    )


@login_required
def manage_resident_messages(request, slug, user_id):
    """The resident's conversations, read at the desk with them."""
    neighbourhood = neighbourhood_or_404(slug)
    resident = _resident(neighbourhood, user_id)
    conversations = messaging_selectors.conversations_for_desk(
        helper=request.user, resident=resident, neighbourhood=neighbourhood
    )
    return render(
        request,
        "neighbourhoods/manage_resident_messages.html",
        manage_context(
            request, neighbourhood, resident=resident, conversations=conversations
        ),
    )


def _desk_conversation(request, slug, user_id, conversation_id):
    """The neighbourhood, the resident and one of their conversations that the
    moderator may read at the desk; 404 otherwise."""
    neighbourhood = neighbourhood_or_404(slug)
    resident = _resident(neighbourhood, user_id)
    try:
        conversation = messaging_selectors.conversation_for_desk(
            helper=request.user,
            resident=resident,
            neighbourhood=neighbourhood,
            pk=conversation_id,
        )
    except Conversation.DoesNotExist as error:
        raise Http404 from error
    return neighbourhood, resident, conversation


@login_required
def manage_resident_conversation(request, slug, user_id, conversation_id):
    """One of the resident's conversations at the desk: its history, and a plain
    form to write for them ("sent with the help of" the moderator)."""
    neighbourhood, resident, conversation = _desk_conversation(
        request, slug, user_id, conversation_id
    )
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
        manage_context(
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
    _neighbourhood, resident, conversation = _desk_conversation(
        request, slug, user_id, conversation_id
    )
    up_to = checked_id(request.POST.get("up_to", ""))
    if up_to is not None:
        messaging_services.mark_read_for(
            helper=request.user,
            resident=resident,
            conversation=conversation,
            up_to=up_to,
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
