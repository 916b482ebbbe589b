"""Reads for the indicators: the figures of a neighbourhood, or of the
neighbourhoods of an organisation that a coordinator runs, over a period; and
the open listings of a neighbourhood's poster. Callers write
`from indicators import selectors` and `selectors.figures(...)`."""

from .dashboard import Figures, figures
from .exchanges import CategoryRow
from .members import Row
from .mentoring import Direction, MentoringFigures
from .notice_board import POSTER_SIZE, Poster, poster
from .period import MAX_PERIOD_DAYS, Period
from .scope import neighbourhood_scope, organisation_scope
from .workshops import Breakdown, WorkshopFigures

__all__ = [
    "Breakdown",
    "MAX_PERIOD_DAYS",
    "POSTER_SIZE",
    "CategoryRow",
    "Direction",
    "Figures",
    "MentoringFigures",
    "Period",
    "Poster",
    "Row",
    "WorkshopFigures",
    "figures",
    "neighbourhood_scope",
    "organisation_scope",
    "poster",
]
