"""A member's reports when their account is erased."""

from django.db import transaction

from community.models import User

from ..models import Report


@transaction.atomic
def erase_reports_of(*, user: User) -> int:
    """Their reports stay in their cases (the decisions rest on them), without
    what they wrote."""
    return Report.objects.filter(reporter=user).update(text="")
