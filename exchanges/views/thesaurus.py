"""The coordinators' page of their neighbourhood's words in the thesaurus."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.navigation import saved
from neighbourhoods import permissions
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

from .. import selectors, services
from ..forms import ThesaurusWordForm


@login_required
def manage_thesaurus(request, slug):
    """Coordinators add the words of their neighbourhood to the thesaurus."""
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.COORDINATE, neighbourhood)
    form = ThesaurusWordForm(request.POST or None)
    add = partial(
        services.add_thesaurus_word,
        coordinator=request.user,
        neighbourhood=neighbourhood,
    )
    if saved(request, form, add, done=_("The word is added.")):
        return redirect("manage_thesaurus", slug=slug)
    return render(
        request,
        "exchanges/manage_thesaurus.html",
        {
            "neighbourhood": neighbourhood,
            "can_coordinate": True,
            "form": form,
            "words": selectors.thesaurus_words(neighbourhood=neighbourhood),
        },
    )


@login_required
@require_POST
def manage_thesaurus_remove(request, slug, pk):
    neighbourhood = get_object_or_404(Neighbourhood, slug=slug)
    permissions.check(request.user, Capability.COORDINATE, neighbourhood)
    word = get_object_or_404(
        selectors.thesaurus_words(neighbourhood=neighbourhood), pk=pk
    )
    services.remove_thesaurus_word(coordinator=request.user, word=word)
    messages.success(request, _("The word is removed."))
    return redirect("manage_thesaurus", slug=slug)
