"""Content held for the moderators' review, as the neighbourhood's watch list
says. Listings and messages are made by apps that moderation itself acts on
(it hides and shows them through their services), so those apps cannot import
moderation without a circle. Moderation plugs its watch list in here when the
site starts (`ModerationConfig.ready`); the services that make listings and
messages ask this module, below them both."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reviewer:
    # The watched words found in a text of the neighbourhood (a read).
    matches: Callable[..., list[str]]
    # Open (or find) the case of held content, in the caller's transaction.
    hold: Callable[..., object]


_reviewer: Reviewer | None = None


def plug_in(reviewer: Reviewer) -> None:
    global _reviewer
    _reviewer = reviewer


def _plugged() -> Reviewer:
    if _reviewer is None:
        raise RuntimeError("The moderation app is not installed: nothing reviews.")
    return _reviewer


def watched_words(*, neighbourhood, text: str) -> list[str]:
    """The words of the neighbourhood's watch list found in `text`."""
    return _plugged().matches(neighbourhood=neighbourhood, text=text)


def hold(*, neighbourhood, person, listing=None, message=None) -> None:
    """Put held content (a listing or a message, already out of sight) in
    front of the neighbourhood's moderators."""
    _plugged().hold(
        neighbourhood=neighbourhood, person=person, listing=listing, message=message
    )
