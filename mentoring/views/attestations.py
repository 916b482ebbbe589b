"""Attestations: asking for one, reading and printing it (one A4 page), its
PDF made on the server, and the public page that checks a code."""

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.navigation import add_service_errors

from .. import permissions, selectors, services
from ..forms import AttestationForm, VerifyForm


@login_required
def attestation_list(request):
    neighbourhoods = selectors.neighbourhoods_of(user=request.user)
    today = timezone.localdate()
    form = AttestationForm(
        request.POST or None,
        neighbourhoods=neighbourhoods,
        initial={
            "kind": "volunteering",
            "neighbourhood": neighbourhoods.first(),
            "start": today.replace(month=1, day=1),
            "end": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            attestation = services.issue_attestation(
                by=request.user, member=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(attestation.get_absolute_url())
    return render(
        request,
        "mentoring/attestation_list.html",
        {
            "form": form,
            "attestations": selectors.attestations_of(user=request.user),
        },
    )


def _attestation(request, code):
    attestation = selectors.attestation_by_code(code=code)
    if attestation is None or not permissions.may_see_attestation(
        request.user, attestation
    ):
        raise Http404
    return attestation


def _context(request, attestation) -> dict:
    return {
        "attestation": attestation,
        "content": attestation.content,
        "verify_url": request.build_absolute_uri(
            f"{_verify_path()}?code={attestation.code}"
        ),
    }


def _verify_path() -> str:
    return reverse("mentoring:verify")


@login_required
def attestation_detail(request, code):
    attestation = _attestation(request, code)
    return render(
        request, "mentoring/attestation_detail.html", _context(request, attestation)
    )


@login_required
def attestation_pdf(request, code):
    """The same page as a PDF made on the server (WeasyPrint)."""
    attestation = _attestation(request, code)
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # Pango missing on this server
        raise Http404(_("The PDF cannot be made here: print the page.")) from error
    html = render_to_string(
        "mentoring/attestation_pdf.html", _context(request, attestation), request
    )
    stylesheet = weasyprint.CSS(filename=finders.find("css/attestation.css"))
    pdf = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/")
    ).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"attestation-{attestation.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def verify(request):
    """Anyone checks a code: what the attestation says, or that it is not
    known."""
    form = VerifyForm(request.GET or None)
    attestation = None
    if form.is_valid():
        attestation = selectors.attestation_by_code(code=form.cleaned_data["code"])
    return render(
        request,
        "mentoring/verify.html",
        {
            "form": form,
            "checked": form.is_bound and form.is_valid(),
            "attestation": attestation,
            "content": attestation.content if attestation else None,
        },
    )
