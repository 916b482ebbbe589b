"""The geometry of the dashboard's charts, drawn as inline SVG by the
templates (templates/indicators/_column_chart.html, _bar_chart.html): no
JavaScript, nothing fetched. The coordinates are in a 320-unit-wide viewBox,
the width of a small phone, so the text stays readable when the chart is
scaled to the page."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format

WIDTH = 320


def nice_maximum(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... at least `value`: the top of
    an axis that reads well."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    left: float
    right: float
    baseline: float

    @property
    def gridlines(self) -> list[float]:
        return [tick.y for tick in self.y_ticks]


def column_chart(
    points: Sequence[tuple[str, int]], *, height: int = 200, ticks: int = 4
) -> ColumnChart:
    """Vertical bars, one per point (label, value), with the value axis on
    the left and at most `ticks` labels along the bottom."""
    left, right, top, bottom = 34.0, WIDTH - 18.0, 10.0, height - 28.0
    top_value = nice_maximum(max((value for _label, value in points), default=0))
    slot = (right - left) / max(len(points), 1)
    bar = max(slot * 0.7, 1.0)
    columns = []
    for index, (label, value) in enumerate(points):
        bar_height = (bottom - top) * value / top_value
        columns.append(
            Column(
                x=round(left + index * slot + (slot - bar) / 2, 2),
                y=round(bottom - bar_height, 2),
                width=round(bar, 2),
                height=round(bar_height, 2),
                label=label,
                value=value,
            )
        )
    step = max(1, math.ceil(len(points) / ticks))
    x_ticks = [
        Tick(x=round(column.x + column.width / 2, 2), y=height - 8, text=column.label)
        for column in columns[::step]
    ]
    y_ticks = [
        Tick(
            x=left - 4,
            y=round(bottom - (bottom - top) * share, 2),
            text=_number(top_value * share),
        )
        # Halfway only when it falls on a whole number.
        for share in ((0, 0.5, 1) if top_value % 2 == 0 else (0, 1))
    ]
    return ColumnChart(
        width=WIDTH,
        height=height,
        columns=columns,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        left=left,
        right=right,
        baseline=bottom,
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    series: int
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarRow:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    rows: list[BarRow]
    series: int
    legend_y: float

    @property
    def legend_box_y(self) -> float:
        return self.legend_y - 11


BAR = 16.0
BAR_GAP = 3.0
LABEL = 20.0
ROW_GAP = 10.0
VALUE_ROOM = 44.0  # space kept right of the longest bar for its number


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int]]], *, series: int = 1
) -> BarChart:
    """Horizontal bars: for each row (label, values), its label on a line of
    its own (long French names fit on a phone) and one bar per series below
    it, each followed by its number."""
    left = 2.0
    longest = WIDTH - left - VALUE_ROOM
    top_value = max((max(values, default=0) for _l, values in rows), default=0) or 1
    legend = LABEL + 4 if series > 1 else 0.0
    y = legend
    drawn = []
    for label, values in rows:
        label_y = y + LABEL - 4
        y += LABEL
        bars = []
        for index, value in enumerate(values):
            width = round(longest * value / top_value, 2)
            bars.append(
                Bar(
                    x=left,
                    y=round(y, 2),
                    width=width,
                    height=BAR,
                    value=value,
                    series=index,
                    text_x=round(left + width + 4, 2),
                    text_y=round(y + BAR - 3.5, 2),
                )
            )
            y += BAR + BAR_GAP
        y += ROW_GAP
        drawn.append(BarRow(label=label, label_y=round(label_y, 2), bars=bars))
    return BarChart(
        width=WIDTH,
        height=math.ceil(y),
        rows=drawn,
        series=series,
        legend_y=LABEL - 4,
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def week_label(week) -> str:
    """A week on the axis: its Monday, day and short month ("6 janv.")."""
    return date_format(week, "j b")


def dashboard_charts(figures) -> dict[str, object]:
    """The charts of a dashboard (indicators.selectors.Figures)."""
    return {
        "new_members": column_chart(
            [(week_label(week), count) for week, count in figures.new_members]
        ),
        "ages": bar_chart([(row.label, [row.value]) for row in figures.members_by_age]),
        "categories": bar_chart(
            [(row.label, [row.posted, row.done]) for row in figures.categories],
            series=2,
        ),
        "workshop_categories": bar_chart(
            [
                (row.label, [row.registrations, row.attended])
                for row in figures.workshops.by_category
            ],
            series=2,
        ),
    }
