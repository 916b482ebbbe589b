import asyncio
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from exchanges import selectors as exchange_selectors
from neighbourhoods import selectors as neighbourhood_selectors

from . import health, selectors, services
from .forms import LanguageForm, ProfileForm
from .models import Profile
from .navigation import add_service_errors, safe_next_url


def home(request):
    if not request.user.is_authenticated:
        return render(request, "community/home_visitor.html")
    return render(
        request,
        "community/home_member.html",
        {
            "profile": selectors.profile_of(user=request.user),
            "memberships": neighbourhood_selectors.memberships_with_pending_counts(
                user=request.user
            ),
            "suggestions": exchange_selectors.for_you(user=request.user, limit=3),
            "has_help": neighbourhood_selectors.help_history_of(
                user=request.user
            ).exists(),
        },
    )


@never_cache
@require_GET
async def healthz(request):
    checks = {
        "database": health.check_database(),
        "channel_layer": health.check_channel_layer(),
        "cache": health.check_cache(),
        "task_queue": health.check_queue(),
    }
    errors = dict(zip(checks, await asyncio.gather(*checks.values()), strict=True))
    failing = {name: error for name, error in errors.items() if error}
    body = {
        "status": "error" if failing else "ok",
        **{name: error or "ok" for name, error in errors.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    return JsonResponse(body, status=503 if failing else 200)


@login_required
def profile_detail(request, pk):
    try:
        profile = neighbourhood_selectors.profiles_visible_to(viewer=request.user).get(
            pk=pk
        )
    except Profile.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "community/profile_detail.html",
        {
            "profile": profile,
            "is_own": profile.user_id == request.user.pk,
            "is_blocked": selectors.blocks_of(user=request.user)
            .filter(blocked=profile.user)
            .exists(),
            "hours": exchange_selectors.hours_of(
                user=profile.user, viewer=request.user
            ),
            "thanks": exchange_selectors.thanks_for(
                user=profile.user, viewer=request.user
            )[:20],
            # One "Write to" button per neighbourhood where the two may talk.
            "write_in": list(
                neighbourhood_selectors.neighbourhoods_to_write_in(
                    user=request.user, other=profile.user
                )
            ),
        },
    )


@login_required
def profile_edit(request, welcome=False):
    profile = selectors.profile_of(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                profile = services.update_profile(
                    user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect(profile)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile), user=request.user)
    return render(
        request,
        "community/profile_edit.html",
        {
            "form": form,
            "welcome": welcome,
            "suggested_tags": selectors.suggested_tags(),
        },
    )


@require_POST
def set_language(request):
    """Switch the interface language; a plain form post, so it works without
    JavaScript. Members keep their choice for the e-mails we send them."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(safe_next_url(request, "/"))
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_preferred_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@login_required
@require_POST
def text_size(request):
    """The header's "Aa": larger text on or off, back on the same page."""
    services.set_larger_text(
        user=request.user, larger=request.POST.get("larger") == "1"
    )
    return HttpResponseRedirect(safe_next_url(request, "/"))


@login_required
@require_POST
def block(request, pk):
    """Block or unblock the member whose profile this is; silently."""
    try:
        profile = neighbourhood_selectors.profiles_visible_to(viewer=request.user).get(
            pk=pk
        )
    except Profile.DoesNotExist as error:
        raise Http404 from error
    if request.POST.get("unblock"):
        services.unblock_member(user=request.user, other=profile.user)
        messages.success(request, _("%(name)s is unblocked.") % {"name": profile})
    else:
        try:
            services.block_member(user=request.user, other=profile.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "%(name)s is blocked: neither of you will see the other's "
                    "listings or be able to answer them. They are not told."
                )
                % {"name": profile},
            )
    return redirect(safe_next_url(request, profile.get_absolute_url()))


@login_required
def blocked_members(request):
    return render(
        request,
        "community/blocked_members.html",
        {"blocks": selectors.blocks_of(user=request.user)},
    )


# The site's own pages on the members' rights: anyone may read them.


def _retention_periods() -> list[tuple[str, str]]:
    """What is kept how long, from the settings, in words."""
    return [
        (
            _("A deleted account"),
            _(
                "erased %(days)d days after the request; logging in before "
                "then cancels the deletion"
            )
            % {"days": settings.ACCOUNT_DELETION_GRACE_DAYS},
        ),
        (
            _("An account whose e-mail address was never confirmed"),
            _("a reminder after %(remind)d days, removed after %(remove)d days")
            % {
                "remind": settings.UNCONFIRMED_ACCOUNT_REMINDER_DAYS,
                "remove": settings.UNCONFIRMED_ACCOUNT_REMOVAL_DAYS,
            },
        ),
        (
            _("An account that never joined a neighbourhood"),
            _("a reminder after %(remind)d days, removed after %(remove)d days")
            % {
                "remind": settings.UNJOINED_ACCOUNT_REMINDER_DAYS,
                "remove": settings.UNJOINED_ACCOUNT_REMOVAL_DAYS,
            },
        ),
        (
            _("A closed listing and its answers"),
            _("removed %(days)d days after it closed")
            % {"days": settings.CLOSED_LISTING_RETENTION_DAYS},
        ),
        (
            _("A notification"),
            _("removed after %(days)d days")
            % {"days": settings.NOTIFICATION_RETENTION_DAYS},
        ),
        (
            _("The link to download your data"),
            _("works %(hours)d hours") % {"hours": settings.DATA_EXPORT_LINK_HOURS},
        ),
    ]


def _legal_context() -> dict:
    return {
        "operator": {
            "name": settings.SITE_OPERATOR_NAME,
            "address": settings.SITE_OPERATOR_ADDRESS,
            "email": settings.SITE_OPERATOR_EMAIL,
            "director": settings.SITE_PUBLICATION_DIRECTOR,
            "host": settings.SITE_HOST,
            "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        },
        "organisations": neighbourhood_selectors.organisations_with_contacts(),
    }


def privacy(request):
    return render(
        request,
        "community/privacy.html",
        {**_legal_context(), "periods": _retention_periods()},
    )


def legal_notice(request):
    return render(request, "community/legal_notice.html", _legal_context())


def accessibility(request):
    return render(
        request,
        "community/accessibility.html",
        {
            **_legal_context(),
            "conformance": settings.ACCESSIBILITY_CONFORMANCE,
            "statement_date": settings.ACCESSIBILITY_STATEMENT_DATE,
        },
    )


# The installed app: its manifest, its service worker and the page it shows
# without a connection. The theme colour is the brand's (static/css/site.css).
THEME_COLOR = "#0b5d4b"
APP_ICON_SIZES = (192, 512)


@require_GET
def web_manifest(request):
    """The web app manifest: what a phone needs to install the site on its
    home screen, in the reader's language."""
    icons = [
        {
            "src": static(f"icons/app-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in APP_ICON_SIZES
    ]
    # The logo lies inside the circle every mask keeps.
    icons.append({**icons[-1], "purpose": "maskable"})
    home_url = reverse("home")
    manifest = {
        "id": home_url,
        "name": _("Coup de main"),
        "short_name": _("Coup de main"),
        "description": _(
            "Mutual aid between neighbours: offer help, ask for help, meet."
        ),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": home_url,
        "scope": home_url,
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
        "prefer_related_applications": False,
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False),
        content_type="application/manifest+json; charset=utf-8",
    )


@require_GET
def service_worker(request):
    """static/js/sw.js, served from the site's root so that it may look after
    every page, with what it needs to know written above it."""
    source = Path(finders.find("js/sw.js")).read_text(encoding="utf-8")
    config = {
        "name": str(_("Coup de main")),
        "staticPrefix": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
        "offline": reverse("offline"),
        "icon": static("icons/app-192.png"),
        "precache": [
            reverse("offline"),
            static("css/site.css"),
            static("js/site.js"),
            static("js/app.js"),
            static("icons/logo.svg"),
            static("icons/favicon.svg"),
            static("icons/app-192.png"),
        ],
    }
    # A new version of the file or of the static files makes a new worker,
    # which replaces the old one's cache.
    digest = hashlib.sha256((source + json.dumps(config)).encode()).hexdigest()
    config["version"] = digest[:12]
    response = HttpResponse(
        f"var CONFIG = {json.dumps(config)};\n{source}",
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """The page shown without a connection: kept by the service worker, so
    it names nobody."""
    return render(request, "community/offline.html", {"theme_color": THEME_COLOR})
