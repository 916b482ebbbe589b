"""What the services of listings, answers and completion share: a moderator
acting for a resident (their consent checked, the act kept in the resident's
history), and a member told of a change once it is committed."""

from functools import partial

from django.db import transaction

from community.models import User
from neighbourhoods import permissions
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.permissions import Capability
from notifications import services as notification_services


def check_acting(
    *, capability: Capability, person: User, neighbourhood, helped_by: User | None
) -> None:
    """The person may do this; and a helper acting for them has their consent."""
    permissions.check(person, capability, neighbourhood)
    if helped_by is not None:
        permissions.check_act_for(helped_by, person, neighbourhood)


def record_help(
    *, helped_by: User | None, resident: User, neighbourhood, what: str, **params
) -> None:
    """Keep in the resident's history what a moderator did for them (nothing
    when the resident acted alone): `what`, a message of `notifications.texts`
    with its `params`."""
    if helped_by is not None:
        neighbourhood_services.record_assisted_action(
            helper=helped_by,
            resident=resident,
            neighbourhood=neighbourhood,
            what=what,
            params=params,
        )


def notify_on_commit(**notification) -> None:
    """Tell a member (notifications.services.notify) once the change is
    committed: nothing is announced that did not happen."""
    transaction.on_commit(partial(notification_services.notify, **notification))
