"""Tests of cchc_analysis.consistency: each rule catches a constructed contradiction and passes a consistent case."""
import re
import pandas as pd
import pytest

from cchc_analysis.consistency import FLAG_COLUMNS, RELATIONS, check_consistency, default_relations
from cchc_analysis.errors import ParameterError

NO_CATALOG = pd.DataFrame(columns=["unit", "formula"])
CATALOG = pd.DataFrame({"unit": ["pct"], "formula": ["100 * dossiers_on_time / dossiers_resolved"]},
                       index=["dossiers_on_time_pct"])


def facts(rows, source="tra-cu-2022-bc"):
    """Facts from (fact_id, indicator, scope, level, year, value, kind, quote, note) tuples, district 849."""
    cols = ["fact_id", "indicator", "scope", "level", "period_start", "value", "kind", "quote", "note"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(district_code="849", period_end=df["period_start"], source_id=source)


def check(f, **kw):
    kw.setdefault("relations", RELATIONS)
    out = check_consistency(f, **kw)
    assert list(out.columns) == FLAG_COLUMNS
    return out


TRA_CU_QUOTE = ("Tổng số 33 lĩnh vực với 263 thủ tục (TTHC trực tuyến mức độ 3: 204 thủ tục, đạt 77,86%).")


def level3(pct):
    return facts([
        ("t:074", "tthc_published_count", "", "district", 2022, 263, "actual", TRA_CU_QUOTE, ""),
        ("t:075", "online_services_level3_count", "", "district", 2022, 204, "actual", TRA_CU_QUOTE, ""),
        ("t:076", "online_services_level3_pct", "", "district", 2022, pct, "actual", TRA_CU_QUOTE, ""),
    ])


# --- pct_mismatch ----------------------------------------------------------------------------

def test_pct_mismatch_catches_204_of_263_printed_as_77_86():
    out = check(level3(77.86))
    assert out["rule"].tolist() == ["pct_mismatch"]
    row = out.iloc[0]
    assert row["expected"] == pytest.approx(100 * 204 / 263)  # 77.566…
    assert row["fact_ids"] == "t:076;t:075;t:074"
    assert row["values"] == "online_services_level3_pct=77.86; online_services_level3_count=204; tthc_published_count=263"
    assert "stated 77.86 but 100 * online_services_level3_count / tthc_published_count = 100 * 204 / 263 = 77.57" in row["message"]
    assert row["quotes"] == TRA_CU_QUOTE
    assert (row["district_code"], row["indicator"], row["period_start"], row["period_end"]) == (
        "849", "online_services_level3_pct", 2022, 2022)


@pytest.mark.parametrize("printed", [77.57, 77.56, 77.6, 78])  # rounded, truncated, fewer decimals
def test_pct_mismatch_passes_correct_shares(printed):
    assert check(level3(printed)).empty


def test_pct_tolerance_without_printed_precision():
    assert check(level3(77.86), printed_precision=False).empty  # 0.29 points is within 0.5
    assert len(check(level3(77.86), tolerance=0.2, printed_precision=False)) == 1
    assert len(check(level3(78.1), printed_precision=False)) == 1  # 0.53 points off


def test_pct_from_catalog_formula_and_other_source_not_combined():
    f = pd.concat([
        facts([("a:001", "dossiers_on_time", "", "district", 2020, 90, "actual", "q1", ""),
               ("a:002", "dossiers_resolved", "", "district", 2020, 100, "actual", "q1", ""),
               ("a:003", "dossiers_on_time_pct", "", "district", 2020, 95, "actual", "q2", "")]),
        facts([("b:001", "dossiers_on_time_pct", "", "district", 2020, 90, "actual", "q3", "")], source="other"),
    ])
    out = check(f, relations=default_relations(catalog=CATALOG, checks_path="/nonexistent.yaml"),
                rules=["pct_mismatch"])
    assert out["fact_ids"].tolist() == ["a:003;a:001;a:002"]  # b:001 is another document's figure: no flag
    assert out["quotes"].item() == "q2 | q1"


# --- parts_vs_total ---------------------------------------------------------------------------

def dossiers(resolved):
    return facts([("d:001", "dossiers_resolved", "", "district", 2020, resolved, "actual", "q", ""),
                  ("d:002", "dossiers_on_time", "", "district", 2020, 2595, "actual", "q", ""),
                  ("d:003", "dossiers_late", "", "district", 2020, 5, "actual", "q", "")])


def test_parts_vs_total_catches_on_time_plus_late_not_resolved():
    out = check(dossiers(2629))
    assert out["rule"].tolist() == ["parts_vs_total"]
    assert out["expected"].item() == 2600  # 2595 + 5
    assert "stated 2629 but dossiers_on_time + dossiers_late = 2595 + 5 = 2600, off by 29" in out["message"].item()


def test_parts_vs_total_passes_when_parts_add_up():
    assert check(dossiers(2600)).empty


def test_parts_stated_alone_above_total():
    # staff who left: 14 stated, parts 12 + 3 already 15 (deceased and resigned not stated)
    f = facts([("s:051", "staff_decrease_count", "civil_servants", "district", 2021, 14, "actual", "q", ""),
               ("s:052", "staff_reduced", "civil_servants", "district", 2021, 12, "actual", "q", ""),
               ("s:053", "staff_retired_count", "civil_servants", "district", 2021, 3, "actual", "q", "")])
    out = check(f)
    assert "the parts stated alone add up to 15" in out["message"].item()
    f.loc[f["fact_id"] == "s:053", "value"] = 2  # 12 + 2 ≤ 14: fine while parts are missing
    assert check(f).empty


def test_pinned_scopes_and_a_duplicate_that_fits():
    # Gia Lộc 2019: 23 communes (22 + 1) before the merger, 18 (17 + 1) after; both printed for 2019
    f = facts([("g:001", "communes_count", "", "commune", 2019, 23, "actual", "q", "before"),
               ("g:002", "communes_count", "rural_communes", "commune", 2019, 22, "actual", "q", "before"),
               ("g:003", "communes_count", "townships", "commune", 2019, 1, "actual", "q", ""),
               ("g:005", "communes_count", "", "commune", 2019, 18, "actual", "q", "after"),
               ("g:006", "communes_count", "rural_communes", "commune", 2019, 17, "actual", "q", "after")])
    out = check(f)
    assert set(out["rule"]) == {"duplicate_conflict"}  # some choice of the figures fits 23 = 22 + 1
    f = f[~f["fact_id"].isin(["g:001", "g:002"])]  # leave 18 vs 17 + 1: consistent
    assert check(f).empty
    f.loc[f["fact_id"] == "g:006", "value"] = 16
    assert check(f)["message"].item().endswith("communes_count[rural_communes] + communes_count[townships] "
                                               "= 16 + 1 = 17, off by 1 (parts must add up exactly)")


# --- duplicate_conflict -----------------------------------------------------------------------

QUOTA_1656 = "năm 2021 huyện được giao 1.656 người"
QUOTA_1670 = "năm 2021 huyện được giao 1.670 người"


def test_duplicate_conflict_catches_two_2021_quotas():
    f = facts([("t:011", "staff_quota", "public_employees", "district", 2021, 1656, "actual", QUOTA_1656, "contradiction"),
               ("t:056", "staff_quota", "public_employees", "district", 2021, 1670, "actual", QUOTA_1670, "contradiction")])
    out = check(f)
    row = out.iloc[0]
    assert out["rule"].tolist() == ["duplicate_conflict"]
    assert (row["fact_ids"], row["values"]) == ("t:011;t:056", "1656; 1670")
    assert row["message"] == ("849 staff_quota [public_employees] (district, 2021, actual) is stated with "
                              "2 different values: 1656 (t:011), 1670 (t:056)")
    assert row["quotes"] == f"{QUOTA_1656} | {QUOTA_1670}"


def test_duplicate_same_value_or_other_key_passes():
    f = facts([("t:011", "staff_quota", "public_employees", "district", 2021, 1670, "actual", "q", ""),
               ("t:056", "staff_quota", "public_employees", "district", 2021, 1670, "actual", "q", ""),  # repeated
               ("t:057", "staff_quota", "public_employees", "district", 2015, 1710, "actual", "q", ""),  # other year
               ("t:058", "staff_quota", "public_employees", "district", 2021, 1800, "target", "q", "")])  # other kind
    assert check(f).empty


def test_range_bounds_are_not_a_conflict():
    f = facts([("x:011", "tthc_time_cut_pct", "", "district", 2020, 30, "actual", "q", "lower bound of the printed range 30–60%"),
               ("x:012", "tthc_time_cut_pct", "", "district", 2020, 60, "actual", "q", "upper bound of the printed range 30–60%")])
    assert check(f).empty


# --- shares_sum -------------------------------------------------------------------------------

def shares(university, with_none=True):
    rows = [("q:029", "staff_professional_qualification_pct", "qualification_postgraduate", "commune", 2020, 2.2),
            ("q:031", "staff_professional_qualification_pct", "qualification_university", "commune", 2020, university),
            ("q:033", "staff_professional_qualification_pct", "qualification_college", "commune", 2020, 4.2),
            ("q:035", "staff_professional_qualification_pct", "qualification_intermediate", "commune", 2020, 13.5)]
    if with_none:
        rows.append(("q:051", "staff_professional_qualification_pct", "qualification_none", "commune", 2020, 1.6))
    return facts([r + ("baseline", "q", "") for r in rows])


def test_shares_sum_passes_a_breakdown_of_100():
    assert check(shares(78.5)).empty  # 2.2 + 78.5 + 4.2 + 13.5 + 1.6 = 100


def test_shares_sum_catches_a_breakdown_above_100():
    out = check(shares(88.5))  # 110
    assert out["rule"].tolist() == ["shares_sum"]
    assert out["expected"].item() == 100
    assert "shares 2.2 + 88.5 + 4.2 + 13.5 + 1.6 = 110.00" in out["message"].item()
    assert out["message"].item().startswith("849 staff_professional_qualification_pct (commune, 2020, baseline)")


def test_shares_sum_partial_only_flags_excess():
    assert check(shares(70.0, with_none=False)).empty  # 89.9 with 'none' and 'other' not stated: may be missing
    out = check(shares(85.0, with_none=False))  # 104.9: too much whatever is missing
    assert "already above 100" in out["message"].item()


def test_shares_tolerance():
    assert check(shares(79.3)).empty  # 100.8
    assert len(check(shares(79.3), shares_tolerance=0.5)) == 1


# --- relations as data ------------------------------------------------------------------------

def test_relations_from_checks_yaml(tmp_path):
    path = tmp_path / "checks.yaml"
    path.write_text("relations:\n"
                    "  - rule: pct_mismatch\n"
                    "    relation: dossiers_late_pct = 100 * dossiers_late / dossiers_received\n"
                    "    source_id: tra-cu-2022-bc\n"
                    "    note: this report's shares are of dossiers received\n", encoding="utf-8")
    rel = default_relations(catalog=NO_CATALOG, checks_path=path)
    assert "dossiers_late_pct = 100 * dossiers_late / dossiers_received" in rel["relation"].tolist()
    f = facts([("t:081", "dossiers_received", "", "district_and_commune", 2021, 232636, "actual", "q", ""),
               ("t:088", "dossiers_late", "", "district_and_commune", 2021, 4, "actual", "q", ""),
               ("t:089", "dossiers_late_pct", "", "district_and_commune", 2021, 0.03, "actual", "q", "")])
    assert check(f, relations=rel)["rule"].tolist() == ["pct_mismatch"]  # 4 of 232636 is 0.0017%
    assert check(f.assign(source_id="another"), relations=rel).empty  # the relation is this source's


def test_relation_tolerance_overrides_rule():
    rel = pd.DataFrame({"rule": ["parts_vs_total"], "relation": ["dossiers_resolved = dossiers_on_time + dossiers_late"],
                        "tolerance": [50.0]})
    assert check(dossiers(2629), relations=rel).empty


@pytest.mark.parametrize("rule, relation, match", [
    ("pct_mismatch", "a_pct + b_pct = 100 * c / d", "states one share on the left"),
    ("shares_sum", "a_pct * 2 = 100", "adds shares on the left"),
    ("parts_vs_total", "a = b = c", "one comparison"),
    ("duplicate_conflict", "a = b", "a relation's rule"),
    ("parts_vs_totl", "a = b", "a relation's rule"),  # a typo is not silently skipped
    ("parts_vs_total", "a = open('x')", "'Call' is not allowed"),
])
def test_malformed_relations_refused(rule, relation, match):
    with pytest.raises(ParameterError, match=match):
        check(dossiers(2600), relations=pd.DataFrame({"rule": [rule], "relation": [relation]}))


def test_unknown_rule_and_missing_columns():
    with pytest.raises(ParameterError, match="unknown rule"):
        check(dossiers(2600), rules=["nonsense"])
    with pytest.raises(ParameterError, match="missing column"):
        check(dossiers(2600).drop(columns="kind"))


def test_default_relations_parse():
    from cchc_analysis.consistency import _parse_relation

    for rel in default_relations(catalog=NO_CATALOG, checks_path="/nonexistent.yaml").to_dict("records"):
        _parse_relation(rel["rule"], rel["relation"])  # raises if a declared relation is malformed


# --- the flags as the Vietnamese reports write them ------------------------------------------------

def test_real_flags_read_in_vietnamese_with_their_numbers():
    from cchc_analysis import load_catalog, load_facts
    from cchc_analysis.report import flag_text

    facts, catalog = load_facts(), load_catalog()
    flags = check_consistency(facts, catalog=catalog)
    texts = {(f["rule"], f["indicator"]): flag_text(f, facts, catalog, "vi") for f in flags.to_dict("records")}
    assert texts[("pct_mismatch", "online_services_level3_pct")] == (
        "Tỷ lệ thủ tục hành chính cung cấp trực tuyến mức độ 3 (cấp huyện, 2022, thực tế): tài liệu ghi 77,86%, "
        "nhưng tính từ chính các số của tài liệu được 77,57% (Dịch vụ công trực tuyến mức độ 3 = 204; "
        "Số thủ tục hành chính được công bố = 263).")  # 100 × 204 / 263 = 77,566 by hand
    assert "được 0,0017%" in texts[("pct_mismatch", "dossiers_late_pct")]  # 100 × 4 / 232.636, not a bare 0
    quota = [t for (rule, ind), t in texts.items() if ind == "staff_quota"]
    assert any("1.656, 1.670" in t for t in quota), quota  # both printed values; fact ids stay in the appendix
    for t in texts.values():  # no slug, no English of the checker
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|stated|different|off by", t), t
    english = flags.iloc[0].to_dict()
    said = flag_text(english, facts, catalog, "en")  # words for readers, not the checker's codes
    assert english["indicator"] not in said and not re.search(r"\b[a-z]+_[a-z_]+\b", said), said
    assert "different values" in said
