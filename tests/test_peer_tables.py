"""peer_tables ranks every key at once and gives, key by key, what compare_peers gives for it."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.errors import IncomparableError
from cchc_analysis.indicators import derive_panel
from cchc_analysis.loaders import load_catalog, load_facts
from cchc_analysis.peers import PEER_COLUMNS, PEER_KEY, compare_peers, peer_tables

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _synthetic_facts(n, seed):
    spec = importlib.util.spec_from_file_location("bench_synthetic_peers", BENCH / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_facts(n, seed=seed)


def one_by_one(table: pd.DataFrame, catalog) -> tuple[pd.DataFrame, int]:
    """compare_peers for every key of a table (panel rows by year), and how many keys it refused."""
    out, refused = [], 0
    year_col = "year" if "year" in table.columns else None
    keys = table[PEER_KEY + ([year_col] if year_col else [])].drop_duplicates()
    for k in keys.to_dict("records"):
        try:
            args = {"year": int(k["year"])} if year_col else {"period": (int(k["period_start"]), int(k["period_end"]))}
            out.append(compare_peers(table, indicator=k["indicator"], scope=k["scope"], level=k["level"],
                                     kind=k["kind"], catalog=catalog, **args))
        except IncomparableError:
            refused += 1
    return pd.concat(out, ignore_index=True), refused


def sort(df):
    return df.sort_values(PEER_KEY + ["rank", "district_code"], kind="stable").reset_index(drop=True)[PEER_COLUMNS]


@pytest.mark.parametrize("which", ["real facts", "synthetic facts"])
def test_every_key_as_compare_peers_gives_it(which):
    catalog = load_catalog()
    facts = load_facts() if which == "real facts" else _synthetic_facts(6, seed=2)
    if "date_start" in facts:  # compare_peers takes no date window: compare on whole-year facts
        facts = facts[facts["date_start"].fillna("") == ""]
    expected, refused = one_by_one(facts, catalog)
    got = peer_tables(facts, catalog=catalog)
    pd.testing.assert_frame_equal(sort(got), sort(expected), check_dtype=False)
    assert len(got) > 0 and (which == "synthetic facts" or refused > 0)  # the real facts have conflicting keys


def test_panel_rows_and_min_peers():
    catalog = load_catalog()
    panel = derive_panel(_synthetic_facts(4, seed=1), catalog=catalog)
    got = peer_tables(panel, catalog=catalog, min_peers=2)
    assert got["n_peers"].min() >= 2
    row = got.iloc[0]
    direct = compare_peers(panel, indicator=row["indicator"], scope=row["scope"], level=row["level"],
                           kind=row["kind"], period=(row["period_start"], row["period_end"]), catalog=catalog)
    assert direct["value"].tolist() == got.loc[(got[PEER_KEY] == row[PEER_KEY]).all(axis=1), "value"].tolist()


def test_a_quarter_is_not_compared_with_a_year():
    facts = pd.DataFrame({"fact_id": ["a:001", "b:001", "c:001"], "district_code": ["297", "396", "849"],
                          "indicator": "dossiers_received", "scope": "", "level": "district",
                          "period_start": 2021, "period_end": 2021, "value": [900.0, 4000.0, 5000.0],
                          "kind": "actual", "date_start": ["2021-01-01", "", ""], "date_end": ["2021-03-31", "", ""]})
    catalog = pd.DataFrame({"higher_is_better": [None], "unit": ["dossiers"]}, index=["dossiers_received"])
    t = peer_tables(facts, catalog=catalog)
    assert t.groupby("district_code")["n_peers"].first().to_dict() == {"297": 1, "396": 2, "849": 2}
    with pytest.raises(IncomparableError, match="date window differs"):
        compare_peers(facts, indicator="dossiers_received", catalog=catalog, period=(2021, 2021))
    assert compare_peers(facts, indicator="dossiers_received", catalog=catalog, year=2021)["n_peers"].iloc[0] == 2
