"""The charts' geometry: every bar inside the drawing, heights and lengths in
proportion to the figures, readable axes."""

import pytest

from indicators.charts import WIDTH, bar_chart, column_chart, nice_maximum


@pytest.mark.parametrize(
    ("value", "top"),
    [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (420, 500)],
)
def test_the_top_of_an_axis_is_a_round_number_above_the_figures(value, top):
    assert nice_maximum(value) == top


def test_columns_stand_on_the_baseline_in_proportion_and_inside_the_drawing():
    points = [(f"w{week}", value) for week, value in enumerate([0, 5, 10, 2] * 13)]

    chart = column_chart(points)

    assert chart.width == WIDTH == 320
    assert len(chart.columns) == 52
    for column in chart.columns:
        assert column.x >= 0 and column.x + column.width <= chart.width
        assert column.y + column.height == pytest.approx(chart.baseline)
        assert column.y >= 0
    tallest = max(chart.columns, key=lambda column: column.value)
    half = next(column for column in chart.columns if column.value == 5)
    assert half.height == pytest.approx(tallest.height / 2)
    # A few dates along the bottom, not 52; the value axis from 0 to 10.
    assert 2 <= len(chart.x_ticks) <= 4
    assert [tick.text for tick in chart.y_ticks] == ["0", "5", "10"]


def test_an_empty_period_draws_flat_columns():
    chart = column_chart([("a", 0), ("b", 0)])

    assert all(column.height == 0 for column in chart.columns)
    assert [tick.text for tick in chart.y_ticks] == ["0", "1"]


def test_bars_keep_room_for_their_number_and_each_row_its_label():
    chart = bar_chart([("Aide numérique", [40, 10]), ("Cuisine", [20, 0])], series=2)

    assert chart.series == 2
    first, second = chart.rows
    assert first.bars[0].width == pytest.approx(2 * second.bars[0].width)
    assert first.bars[1].width == pytest.approx(first.bars[0].width / 4)
    assert second.bars[1].width == 0
    for row in chart.rows:
        assert row.label_y < row.bars[0].y
        for bar in row.bars:
            assert bar.text_x + 30 <= chart.width
            assert bar.y + bar.height <= chart.height
    assert chart.legend_box_y >= 0
