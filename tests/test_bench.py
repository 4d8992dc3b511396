"""The benchmark kit: synthetic facts are deterministic, valid, consistent and marked; run.py prints ratios."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_analysis import settings
from cchc_analysis.consistency import check_consistency
from cchc_analysis.loaders import FACT_COLUMNS, load_catalog, load_facts, validate_facts
from cchc_analysis.registry import load_districts

BENCH = Path(__file__).resolve().parent.parent / "bench"
RATIO = re.compile(r"^ratio (?P<name>[a-z0-9_]+): (?P<a>.+) / (?P<b>.+) = (?P<x>\d+\.\d+(e-\d+)?) "
                   r"\((?P<a_s>[0-9.e-]+) s vs (?P<b_s>[0-9.e-]+) s, n=.+\)$", re.MULTILINE)
NAMES = {"load_facts_5", "load_facts_10", "panel_trends_scaling", "consistency_scaling", "batch_parallel",
         "batch_skip"}


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _load("synthetic")


@pytest.fixture(scope="module")
def facts():
    return synthetic.make_facts(3, seed=7)


def test_same_seed_same_facts_other_seed_other_values(facts):
    again = synthetic.make_facts(3, seed=7)
    assert again.equals(facts)
    other = synthetic.make_facts(3, seed=8)
    assert not other["value"].reset_index(drop=True).equals(facts["value"].reset_index(drop=True))


def test_schema_and_cross_file_rules_pass(facts):
    assert list(facts.columns) == FACT_COLUMNS
    problems = validate_facts(facts, catalog=load_catalog(), sources=synthetic.make_sources(),
                              districts=load_districts())
    assert problems == []


def test_the_real_sources_do_not_know_the_synthetic_source(facts):
    # without the synthetic sources frame, every row is rejected: synthetic facts never pass as curated ones
    problems = validate_facts(facts.head(2), catalog=load_catalog(), districts=load_districts())
    assert [p["column"] for p in problems] == ["source_id", "source_id"]


def test_every_row_says_synthetic(facts):
    assert facts.attrs["synthetic"] is True
    assert set(facts["source_id"]) == {"synthetic"}
    assert set(facts["note"]) == {"synthetic"}
    assert facts["quote"].str.startswith("SYNTHETIC").all()
    assert facts["fact_id"].str.fullmatch(r"synthetic-\d{3}:\d{3}").all()


def test_real_districts_with_data_come_first(facts):
    assert list(dict.fromkeys(facts["district_code"])) == ["397", "396", "297"]
    assert set(synthetic.make_facts(8, years=[2020])["district_code"]) <= set(load_districts()["district_code"])


def test_years_and_plausible_values(facts):
    f = synthetic.make_facts(2, years=range(2019, 2023), seed=1)
    assert f["period_start"].min() == 2019 and f["period_end"].max() == 2022
    units = load_catalog()["unit"]
    unit = facts["indicator"].map(units)
    assert facts.loc[unit == "pct", "value"].between(0, 100).all()
    counts = facts[unit.isin(["count", "persons", "dossiers", "documents"])]["value"]
    assert (counts >= 0).all() and (counts == counts.round()).all()


def test_shares_agree_with_their_counts(facts):
    # dossiers_on_time_pct recomputed here from the counts of the same district, level and year
    key = ["district_code", "level", "period_start", "kind"]
    wide = facts[facts["scope"] == ""].pivot_table(index=key, columns="indicator", values="value")
    stated = wide.dropna(subset=["dossiers_on_time_pct"])
    assert len(stated) > 0
    expected = (100 * stated["dossiers_on_time"] / stated["dossiers_resolved"]).round(2)
    assert (stated["dossiers_on_time_pct"] - expected).abs().max() < 1e-9
    parts = wide.dropna(subset=["dossiers_resolved", "dossiers_late"])
    assert ((parts["dossiers_on_time"] + parts["dossiers_late"]) == parts["dossiers_resolved"]).all()
    assert check_consistency(facts).empty


def test_written_file_loads_through_full_validation(facts, tmp_path):
    path = synthetic.write_facts(facts, tmp_path / "f.csv")
    loaded = load_facts(path, sources=synthetic.make_sources())
    assert loaded.equals(facts)


def test_synthetic_facts_never_go_under_data(facts):
    with pytest.raises(ValueError, match=r"synthetic facts never go under .*; write them under bench/out/"):
        synthetic.write_facts(facts, settings.data_dir() / "facts_synthetic.csv")


def test_bad_size_is_refused():
    with pytest.raises(ValueError, match=r"n_districts=697 must lie between 1 and 696"):
        synthetic.make_facts(697)


@pytest.mark.slow
def test_quick_run_prints_every_ratio():
    run = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick"], capture_output=True, text=True,
                         timeout=180, cwd=BENCH.parent)
    assert run.returncode == 0, run.stdout + run.stderr
    found = {m["name"]: m for m in RATIO.finditer(run.stdout)}
    assert set(found) == NAMES, run.stdout
    assert all(float(m["x"]) > 0 for m in found.values())
    assert "SYNTHETIC" in run.stdout.splitlines()[0]
    assert float(found["batch_skip"]["x"]) < 0.5  # nothing changed: nothing was executed


@pytest.mark.slow
def test_kernel_start_count_prints_its_counts_and_ratio():
    run = subprocess.run([sys.executable, str(BENCH / "kernel_starts.py"), "3", "2"], capture_output=True,
                         text=True, timeout=300, cwd=BENCH.parent)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("3 kernel starts, 2 workers, "), run.stdout
    first = re.search(r"^failed at the first attempt: (\d+) \(", run.stdout, re.M)
    never = re.search(r"^failed after 3 attempts: (\d+) \(", run.stdout, re.M)
    assert first and never and int(never[1]) <= int(first[1]) <= 3, run.stdout
    assert re.search(rf"^ratio never_started/first_failed: {never[1]}/{first[1]}", run.stdout, re.M), run.stdout


def test_data_layer_prints_every_stage_per_100k_facts():
    out = subprocess.run([sys.executable, str(BENCH / "data_layer.py"), "--districts", "3", "--repeats", "1"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    stages = re.findall(r"^data_layer (\S+): (\d+\.\d+) s per 100k facts \(wall [0-9.]+ s, cpu [0-9.]+ s, n=\d+ synthetic",
                        out, re.MULTILINE)
    assert [s for s, _ in stages] == ["load+validate", "panel", "trends", "consistency", "total",
                                      "panel+trends+consistency"]
    per = dict((s, float(x)) for s, x in stages)
    assert per["total"] == pytest.approx(sum(per[s] for s in ("load+validate", "panel", "trends", "consistency")),
                                         abs=0.01)


def test_engine_cost_lines_split_fixed_and_per_report_time():
    engine = _load("engine")
    # 10 s once + 5 s per report, exactly: the fit and both steps must say so
    fixed, per = engine.cost_lines({8: 50.0, 32: 170.0, 128: 650.0})
    assert "10.0 s once + 5.00 s per report" in fixed
    assert "N=8→32 5.00 s, N=32→128 5.00 s (last / first = 1.00" in per
    # a cost that grows faster than N shows in the steps
    assert "last / first = 2.00" in engine.cost_lines({8: 8.0, 32: 32.0, 128: 224.0})[1]
