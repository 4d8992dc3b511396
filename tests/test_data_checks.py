"""Data checks on the real fact base: the sources' known contradictions are found, and peers
are compared only where level and period agree (PUDL-style checks, declared against real data)."""
import pytest

from cchc_analysis.consistency import check_consistency
from cchc_analysis.errors import IncomparableError
from cchc_analysis.loaders import load_facts
from cchc_analysis.peers import compare_peers

FACTS = load_facts()
FLAGS = check_consistency(FACTS)


def _flag(rule, district, indicator):
    f = FLAGS[(FLAGS["rule"] == rule) & (FLAGS["district_code"] == district) & (FLAGS["indicator"] == indicator)]
    assert len(f) >= 1, f"expected a {rule} flag on {district} {indicator}"
    return f.iloc[0]


def test_tra_cu_level3_share_204_of_263_printed_as_77_86():
    flag = _flag("pct_mismatch", "849", "online_services_level3_pct")
    assert flag["expected"] == pytest.approx(100 * 204 / 263)  # 77,57 computed independently
    assert "77,86%" in flag["quotes"] and "204" in flag["quotes"]


def test_tra_cu_two_different_2021_public_employee_quotas():
    flag = FLAGS[(FLAGS["rule"] == "duplicate_conflict") & (FLAGS["indicator"] == "staff_quota")
                 & (FLAGS["district_code"] == "849")].iloc[0]
    assert set(flag["values"].split("; ")) == {"1656", "1670"}
    assert "1.656" in flag["quotes"] and "1.670" in flag["quotes"]


def test_tra_cu_satisfaction_98_8_of_12800_out_of_12800():
    assert _flag("pct_mismatch", "849", "satisfaction_pct")["expected"] == pytest.approx(100.0)


def test_tra_cu_late_share_0_03_for_4_of_232636():
    assert _flag("pct_mismatch", "849", "dossiers_late_pct")["expected"] == pytest.approx(100 * 4 / 232636)


def test_every_flag_quotes_its_facts():
    for flag in FLAGS.itertuples():
        ids = flag.fact_ids.split(";")
        quotes = FACTS.set_index("fact_id").loc[ids, "quote"]
        assert all(q[:40] in flag.quotes for q in quotes), flag.fact_ids


def test_consistent_figures_are_not_flagged():
    # Gia Lộc's qualification counts add up (curator checked by hand: 1.561 public employees)
    assert not ((FLAGS["district_code"] == "297") & (FLAGS["rule"] == "shares_sum")).any()


def test_peers_rank_comparable_real_figures():
    r = compare_peers(FACTS, indicator="communes_count", period=(2021, 2021), level="commune", kind="baseline")
    assert dict(zip(r["district_code"], r["rank"])) == {"397": 1, "297": 2}  # 34 and 18 communes
    assert r["peer_median"].iloc[0] == pytest.approx((34 + 18) / 2)


def test_peers_refuse_staff_reductions_of_different_levels_and_periods():
    with pytest.raises(IncomparableError, match="level|period"):
        compare_peers(FACTS, indicator="staff_reduced", scope="")


def test_peers_refuse_dossiers_of_different_periods():
    with pytest.raises(IncomparableError, match="period|level"):
        compare_peers(FACTS, indicator="dossiers_received", scope="")
    one = compare_peers(FACTS, indicator="dossiers_received", period=(2017, 2021), level="district_and_commune")
    assert list(one["district_code"]) == ["849"] and one["value"].item() == 232636
