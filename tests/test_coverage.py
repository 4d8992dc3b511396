"""Coverage tables count a multi-year total once, in its own column, never as a figure of each year."""
import pandas as pd

from cchc_analysis._present import counts_by_year
from cchc_analysis.comparative import prepare_comparative
from cchc_analysis.report import coverage_table, prepare


def test_a_period_total_is_not_counted_in_its_years():
    f = pd.DataFrame({"row": ["x", "x", "x", "y"], "period_start": [2017, 2019, 2019, 2015],
                      "period_end": [2021, 2019, 2019, 2015]})
    t = counts_by_year(f, "row", 2016, 2025, "multi")
    # by hand: x has two 2019 figures and one 2017–2021 total; y's 2015 figure is outside 2016–2025
    assert t.loc["x", 2019] == 2 and t.loc["x", "multi"] == 1
    assert t.loc["x", [2017, 2018, 2020, 2021]].isna().all()
    assert list(t.index) == ["x"]


def test_report_coverage_counts_each_figure_once():
    ctx = prepare("Trà Cú")
    own = ctx.own[(ctx.own["period_end"] >= ctx.start_year) & (ctx.own["period_start"] <= ctx.end_year)]
    table = coverage_table(ctx)
    multi = (own["period_end"] > own["period_start"]).sum()
    assert multi > 0  # Trà Cú's documents state 2017–2021 totals
    assert table.iloc[:, -1].sum() == multi
    assert table.iloc[:, :-1].sum().sum() == len(own) - multi  # every figure exactly once


def test_comparative_coverage_uses_the_same_rule():
    from unittest import mock

    from cchc_analysis.comparative import show_coverage_matrix

    shown = []
    with mock.patch("IPython.display.display", side_effect=lambda *a, **k: shown.extend(a)):
        show_coverage_matrix(prepare_comparative(language="en"))
    html = "".join(o["text/html"] if isinstance(o, dict) else getattr(o, "data", "") for o in shown)
    assert "Multi-year" in html and "counts once" in html
