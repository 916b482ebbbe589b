"""What a member leaves behind when they leave a neighbourhood. Their listings
are made by an app above this one (exchanges), so the membership service
cannot close them itself without a circle: exchanges plugs in here when the
site starts (`ExchangesConfig.ready`), and `leave_neighbourhood` calls every
plugged step in its own transaction."""

from collections.abc import Callable

_steps: list[Callable[..., None]] = []


def plug_in(step: Callable[..., None]) -> None:
    """`step(user=..., neighbourhood=...)` runs when a member leaves."""
    if step not in _steps:
        _steps.append(step)


def member_left(*, user, neighbourhood) -> None:
    for step in _steps:
        step(user=user, neighbourhood=neighbourhood)
