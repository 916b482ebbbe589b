"""A member's messages when their account is erased."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from community.models import User

from ..models import Message


@transaction.atomic
def erase_messages_of(*, user: User) -> int:
    """Their messages read "message deleted" (in the site's language), except
    in neighbourhoods whose policy keeps them, where they stay signed by "a
    former member". Returns how many were erased."""
    with translation.override(settings.LANGUAGE_CODE):
        deleted = _("message deleted")
    return (
        Message.objects.filter(author=user)
        .exclude(conversation__neighbourhood__keep_messages_of_former_members=True)
        .update(text=deleted)
    )
