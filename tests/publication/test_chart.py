"""The chart's geometry: four panels on one scale, a bar a year, labels that fit."""

from __future__ import annotations

from community_trigger.domain.figures import YearFigures
from community_trigger.domain.reporting_years import ReportingYear, YearBasis
from community_trigger.statistics.chart import BARS, bar_chart


def years(*received: int) -> list[tuple[ReportingYear, YearFigures]]:
    return [
        (
            ReportingYear(YearBasis.FINANCIAL, 2020 + n),
            YearFigures(received=count, reviews_carried_out=count // 2),
        )
        for n, count in enumerate(received)
    ]


def test_one_panel_for_each_figure_the_act_names_on_one_scale() -> None:
    chart = bar_chart(years(4, 2, 0))

    assert [panel.title for panel in chart.panels] == [
        "Applications received",
        "Threshold not met",
        "Reviews carried out",
        "Reviews that resulted in recommendations",
    ]
    received, not_met, reviews, _ = chart.panels
    assert [bar.height for bar in received.bars] == [BARS, BARS / 2, 0]
    assert [bar.height for bar in reviews.bars] == [BARS / 2, BARS / 4, 0]  # the same scale as requests
    assert [bar.value for bar in not_met.bars] == [0, 0, 0]
    assert all(bar.y + bar.height == panel.baseline for panel in chart.panels for bar in panel.bars)
    assert chart.panels[1].title_y > chart.panels[0].baseline


def test_years_are_named_in_full_where_they_fit_and_shortly_where_they_do_not() -> None:
    assert [bar.label for bar in bar_chart(years(1, 1, 1)).panels[0].bars] == [
        "2020/21",
        "2021/22",
        "2022/23",
    ]
    assert bar_chart(years(*[1] * 12)).panels[0].bars[0].label == "20/21"


def test_a_chart_of_noughts_draws_no_bar_taller_than_nothing() -> None:
    chart = bar_chart(years(0))

    assert [bar.height for panel in chart.panels for bar in panel.bars] == [0, 0, 0, 0]
