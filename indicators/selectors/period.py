"""The period a dashboard covers, in the site's time zone."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

# Three years of weeks still draw as a readable chart on a phone.
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @property
    def starts_at(self) -> datetime.datetime:
        return _midnight(self.start)

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the period."""
        return _midnight(self.end + datetime.timedelta(days=1))

    def contains(self, name: str) -> Q:
        """A filter: the date-time field `name` falls in the period."""
        return Q(**{f"{name}__gte": self.starts_at, f"{name}__lt": self.ends_at})

    def weeks(self) -> list[datetime.date]:
        """The Monday of every week the period touches."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)
        return weeks


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
