import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .selectors import MAX_PERIOD_DAYS, Period


def default_period(*, today: datetime.date | None = None) -> Period:
    """The last twelve months, today included."""
    today = today or timezone.localdate()
    return Period(start=year_before(today) + datetime.timedelta(days=1), end=today)


def year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class PeriodForm(forms.Form):
    """The period of a dashboard, both days included. A blank field takes the
    default: the twelve months up to the end date, up to today."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("Both days are included."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data=None, **kwargs):
        # Without a choice in the address, the form shows the default period.
        if data is not None and not ({"start", "end"} & set(data)):
            data = None
        if data is None:
            period = default_period()
            data = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("end") or timezone.localdate()
        start = cleaned.get("start") or default_period(today=end).start
        if end < start:
            self.add_error(
                "end",
                _(
                    "The period ends before it starts: choose an end date on or "
                    "after %(start)s."
                )
                % {"start": date_format(start, "SHORT_DATE_FORMAT")},
            )
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            self.add_error(
                "start",
                _("Choose a period of at most three years."),
            )
        else:
            cleaned["start"], cleaned["end"] = start, end
        return cleaned

    @property
    def period(self) -> Period:
        """The period asked for; only once the form is valid."""
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
