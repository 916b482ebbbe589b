"""Writes for the members' rights: the signed link of a data export. (The
export itself is built by rights.export.build_export.)"""

from django.conf import settings
from django.core import signing

from community.models import User

EXPORT_SALT = "rights.export"


def export_token(*, user: User) -> str:
    """A token naming `user`, valid DATA_EXPORT_LINK_HOURS, for the download
    link of their data."""
    return signing.TimestampSigner(salt=EXPORT_SALT).sign(str(user.pk))


def user_of_export_token(token: str) -> int | None:
    """The id of the account the token names, or None when it is forged or
    expired."""
    try:
        value = signing.TimestampSigner(salt=EXPORT_SALT).unsign(
            token, max_age=settings.DATA_EXPORT_LINK_HOURS * 3600
        )
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
