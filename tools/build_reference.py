"""Build ``data/reference/`` from the raw provincial reference files.

Usage: python tools/build_reference.py [--check]

Reads the raw files from ``CCHC_REFERENCE_DIR`` (default ``../shared/reference`` beside the
clone), checks them (sha256 of the transcribed PAPI files, 63 provinces × 14 years, names that
resolve to GSO province codes, agreement with the CC0 mdtrinh PAPI 2011–2016 file and with the
PAPI rows of ``province_indices.csv``) and writes:

``papi.csv``             PAPI long: province, province_code, region, year, dimension, value
``papi_dimensions.csv``  the eight dimensions: code, name_vi, name_en, short_vi, from_year
``province_indices.csv`` copied byte for byte (PAR INDEX, SIPAS, PCI, PAPI for four provinces)
``PROVENANCE.md``        origin, licences, caveats, checks and sha256 of inputs and outputs

Scores are copied as the text the source prints (shortest float32 decimals), never re-rounded.
The output is deterministic (no dates), so a rebuild from unchanged inputs changes nothing.
With ``--check`` nothing is written; the exit status says whether ``data/reference/`` is what a
rebuild would produce.
"""
from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cchc_analysis import settings  # noqa: E402
from cchc_analysis.registry import fold, load_districts  # noqa: E402

#: sha256 of the transcribed files as recorded in the shared README; a different file
#: means the transcription changed and PROVENANCE.md must be reviewed before rebuilding.
EXPECTED_SHA256 = {
    "papi_province_year.csv": "841e3c4cccec84930197a30cd8376ca555e516b558d58bb6a37b463666b9ec5c",
    "papi_dim_indicator.csv": "8c4856ca2df5f635d1fdcb52492e2d3da20ebbb4533b09eb04c9b361fb75eb77",
    "papi_dim_province.csv": "9ec852ca3d4ec5611d9aa24ea1a4fd8a9400612c36b29e3f9e91bdb4c28a147a",
}
INPUTS = [
    "papi_province_year.csv",
    "papi_dim_indicator.csv",
    "papi_dim_province.csv",
    "mdtrinh_vietnamdata_PAPI_2011-2016_long.csv",
    "province_indices.csv",
]
YEARS = range(2011, 2025)
DIMS_6 = ["D1", "D2", "D3", "D4", "D5", "D6"]
DIMS_8 = DIMS_6 + ["D7", "D8"]
BREAK_YEAR = 2018
#: mdtrinh English indicator names of the six dimensions and the total.
MDTRINH_DIMS = {
    "Participation at Local Levels": "D1",
    "Transparency": "D2",
    "Vertical Accountability": "D3",
    "Control of Corruption": "D4",
    "Public Administrative Procedures": "D5",
    "Public Service Delivery": "D6",
    "Un-weighted PAPI (sum of 6 dimensions)": "total",
}
#: province_indices.csv index names of the PAPI rows.
INDICES_DIMS = {
    "papi": "total",
    "papi_d1_participation": "D1",
    "papi_d2_transparency": "D2",
    "papi_d3_vertical_accountability": "D3",
    "papi_d4_control_of_corruption": "D4",
    "papi_d5_public_admin_procedures": "D5",
    "papi_d6_public_service_delivery": "D6",
    "papi_d7_environmental_governance": "D7",
    "papi_d8_e_governance": "D8",
}


class BuildError(SystemExit):
    """Stop the build with a readable message (exit status 1)."""

    def __init__(self, msg: str):
        super().__init__(f"build_reference: {msg}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def province_key(name: str) -> str:
    """Fold a province name so that 'TP. Hồ Chí Minh', 'Thừa Thiên-Huế' and 'Thừa Thiên Huế' meet."""
    key = fold(name).replace("-", " ")
    for prefix in ("tp. ", "tp ", "thanh pho ", "tinh "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return " ".join(key.split())


def read_rows(raw: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def province_codes() -> dict[str, tuple[str, str]]:
    """Map a folded province name to (GSO province code, registry name)."""
    d = load_districts()[["province_code", "province"]].drop_duplicates()
    return {province_key(n): (c, n) for c, n in zip(d["province_code"], d["province"])}


def build_papi(rows: list[dict], provinces: list[dict]) -> tuple[list[list[str]], dict]:
    """Return the long PAPI rows and facts about them for PROVENANCE.md."""
    codes = province_codes()
    names = [p["province_vi"] for p in provinces]
    if len(rows) != 63 * len(YEARS):
        raise BuildError(f"papi_province_year.csv has {len(rows)} rows; expected 63 × 14 = 882")
    code_of = {}
    for name in names:
        hit = codes.get(province_key(name))
        if hit is None:
            raise BuildError(f"province {name!r} matches no GSO province in the registry")
        code_of[name] = hit[0]
    if len(set(code_of.values())) != 63:
        raise BuildError("the 63 PAPI provinces do not map to 63 distinct GSO codes")
    seen = Counter((r["province_vi"], int(r["year"])) for r in rows)
    bad = [k for k, n in seen.items() if n != 1 or k[0] not in code_of or k[1] not in YEARS]
    if bad or len(seen) != 882:
        raise BuildError(f"province-years not unique or unknown: {bad[:5]}")
    out, missing, official_gap = [], [], 0.0
    totals: dict[bool, list[float]] = {False: [], True: []}
    for r in rows:
        year = int(r["year"])
        dims = DIMS_8 if year >= BREAK_YEAR else DIMS_6
        for extra in (set(DIMS_8) - set(dims)):
            if r[extra].strip():
                raise BuildError(f"{r['province_vi']} {year}: {extra} scored before {BREAK_YEAR}")
        blank = [d for d in dims if not r[d].strip()]
        if r["total_papi"].strip() == "" and not blank:
            raise BuildError(f"{r['province_vi']} {year}: total blank although all dimensions are scored")
        if blank and (r["total_papi"].strip() or r["total_papi_6dim"].strip()):
            raise BuildError(f"{r['province_vi']} {year}: a total although {', '.join(blank)} is blank")
        if blank:
            missing.append((year, r["province_vi"], blank, len(dims)))
        if r["total_papi"].strip():
            totals[year >= BREAK_YEAR].append(float(r["total_papi"]))
        if r["total_official"].strip():
            official_gap = max(official_gap, abs(float(r["total_official"]) - float(r["total_papi"])))
        for dim in dims + ["total", "total_6dim"]:
            col = {"total": "total_papi", "total_6dim": "total_papi_6dim"}.get(dim, dim)
            value = r[col].strip()
            if value:
                float(value)  # a number, or the build stops here
            out.append([r["province_vi"], code_of[r["province_vi"]], r["region"], str(year), dim, value])
    ours = {"Thanh Hóa", "Hải Dương", "Thừa Thiên Huế", "Trà Vinh"} & {p for _y, p, _b, _n in missing}
    if ours:
        raise BuildError(f"scores missing for {sorted(ours)}: update PROVENANCE.md, which says they are complete")
    ranges = {k: f"{min(v):.2f}–{max(v):.2f}" for k, v in totals.items()}
    return out, {"missing": missing, "official_gap": official_gap, "code_of": code_of, "ranges": ranges}


def cross_check(long_rows: list[list[str]], mdtrinh: list[dict], indices: list[dict]) -> dict:
    """Compare papi.csv with the CC0 mdtrinh file (2011–2016) and province_indices.csv."""
    ours = {(province_key(p), int(y), d): v for p, _c, _r, y, d, v in long_rows}
    md_max = md_n = 0
    md_missing = set()
    for r in mdtrinh:
        dim = MDTRINH_DIMS.get(r["indicator_en"])
        if dim is None or r["province_vi"] == "Điểm cao nhất":
            continue
        key = (province_key(r["province_vi"]), int(r["year"]), dim)
        if key not in ours:
            raise BuildError(f"mdtrinh province-year {key} has no row in papi.csv")
        v, mine = float(r["value"]), ours[key]
        if v == 0:  # mdtrinh writes 0 for no published score
            md_missing.add((key[1], r["province_vi"]))
            if mine:
                raise BuildError(f"{key}: mdtrinh has no score, papi.csv has {mine}")
            continue
        diff = abs(float(mine) - v)
        if diff > 0.01:
            raise BuildError(f"{key}: papi.csv {mine} vs mdtrinh {v} (differ by {diff:.3g} > 0.01)")
        md_max, md_n = max(md_max, diff), md_n + 1
    ix_n = 0
    for r in indices:
        dim = INDICES_DIMS.get(r["index"])
        if dim is None:
            continue
        key = (province_key(r["province"]), int(r["year"]), dim)
        if ours.get(key) != r["value"]:
            raise BuildError(f"province_indices.csv {r['index']} {r['province']} {r['year']}="
                             f"{r['value']!r} but papi.csv has {ours.get(key)!r}")
        ix_n += 1
    letrinh = sum(1 for r in indices if "letrinhandn/" in r["source"])
    return {"mdtrinh_n": md_n, "mdtrinh_max": md_max, "mdtrinh_missing": sorted(md_missing),
            "indices_n": ix_n, "letrinh_n": letrinh}


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def build(ref: Path) -> dict[str, bytes]:
    """Return the output files (name → bytes) built from the raw files in ``ref``."""
    raw = {}
    for name in INPUTS:
        path = ref / name
        if not path.is_file():
            raise BuildError(f"{path} not found; set CCHC_REFERENCE_DIR to the folder of raw reference files")
        raw[name] = path.read_bytes()
    for name, expected in EXPECTED_SHA256.items():
        if sha256(raw[name]) != expected:
            raise BuildError(f"{name}: sha256 {sha256(raw[name])} differs from the recorded {expected}; "
                             "the transcription changed: review it, then update EXPECTED_SHA256 and PROVENANCE")
    provinces = read_rows(raw["papi_dim_province.csv"])
    long_rows, facts = build_papi(read_rows(raw["papi_province_year.csv"]), provinces)
    checks = cross_check(long_rows, read_rows(raw["mdtrinh_vietnamdata_PAPI_2011-2016_long.csv"]),
                         read_rows(raw["province_indices.csv"]))
    dims = [[d["code"], d["name_vi"], d["name_en"], d["short"], d["from_year"]]
            for d in sorted(read_rows(raw["papi_dim_indicator.csv"]), key=lambda d: int(d["sort"]))]
    out = {
        "papi.csv": to_csv(["province", "province_code", "region", "year", "dimension", "value"], long_rows),
        "papi_dimensions.csv": to_csv(["code", "name_vi", "name_en", "short_vi", "from_year"], dims),
        "province_indices.csv": raw["province_indices.csv"],
    }
    out["PROVENANCE.md"] = provenance(raw, out, long_rows, facts, checks).encode("utf-8")
    return out


def provenance(raw, out, long_rows, facts, checks) -> str:
    n_values = sum(1 for r in long_rows if r[5])
    n_blank = len(long_rows) - n_values
    missing = "\n".join(
        f"| {y} | {p} | {'all' if len(b) == n else ', '.join(b)} |" for y, p, b, n in facts["missing"]
    )
    md_missing = ", ".join(f"{p} {y}" for y, p in checks["mdtrinh_missing"])
    inputs = "\n".join(f"| `{n}` | `{sha256(raw[n])}` |" for n in INPUTS)
    outputs = "\n".join(f"| `{n}` | `{sha256(b)}` |" for n, b in out.items())
    return f"""# data/reference — provenance

Published provincial index values, brought into the project by `tools/build_reference.py` from
the raw reference files (`CCHC_REFERENCE_DIR`, default `../shared/reference`). Do not edit these
files by hand: change the build script and rebuild. The package reads them with
`cchc_analysis.context` (`load_papi`, `load_papi_dimensions`, `load_province_indices`).

**Cite the original publishers** when a figure from here is shown:

- **PAPI** — the Viet Nam Provincial Governance and Public Administration Performance Index, by
  CECODES (Centre for Community Support and Development Studies), VFF-CRT (Centre for Research
  and Training of the Viet Nam Fatherland Front), RTA (Real-Time Analytics) and UNDP Viet Nam;
  annual provincial data files and reports at papi.org.vn.
- **PAR INDEX** (Chỉ số cải cách hành chính) and **SIPAS** (Chỉ số hài lòng về sự phục vụ hành
  chính) — Ministry of Home Affairs (Bộ Nội vụ, MoHA).
- **PCI** (Provincial Competitiveness Index) — VCCI (Viet Nam Chamber of Commerce and Industry),
  pcivietnam.vn.

## Files

| file | what |
|---|---|
| `papi.csv` | PAPI 2011–2024, all 63 pre-2025 provinces, long: `province, province_code, region, year, dimension, value`; {len(long_rows):,} rows, {n_values:,} scores, {n_blank} blank (missing, see below) |
| `papi_dimensions.csv` | the eight PAPI dimensions: `code` (D1–D8), `name_vi`, `name_en`, `short_vi`, `from_year` |
| `province_indices.csv` | PAR INDEX, SIPAS, PCI and PAPI values for Thanh Hóa, Hải Dương, Thừa Thiên Huế and Trà Vinh, with national/regional benchmarks and four Thanh Hóa district PAR INDEX values; one figure a row with its source URL (copied byte for byte) |

### `papi.csv`

- `province`: name of the province as it stood before the 2025 merger (63 provinces);
  `province_code`: its two-digit GSO code, found by matching the name (diacritics folded) with
  the `vietnamadminunits` legacy table through `cchc_analysis.registry`; `region`: one of the six
  socio-economic regions.
- `year`: the PAPI edition, i.e. the survey year (the report is published the following spring).
- `dimension`: `D1`–`D6` every year, `D7`–`D8` from 2018 (no rows before), `total`, `total_6dim`.
  D1 Participation at local levels, D2 Transparency in local decision-making, D3 Vertical
  accountability, D4 Control of corruption in the public sector, D5 Public administrative
  procedures, D6 Public service delivery, D7 Environmental governance (2018+), D8 E-governance
  (2018+). Each dimension is scored 1–10.
- `total`: the **unweighted** PAPI total of that year's dimensions: D1–D6 for 2011–2017 (scale
  6–60), D1–D8 from 2018 (scale 8–80). `total_6dim`: D1+…+D6 in every year.
- `value`: the score exactly as the transcribed file prints it (shortest float32 decimal, about
  seven significant digits); blank = missing. Compare with a tolerance, never for equality.

## The 2018 break: never compare totals across it

From 2018 PAPI added D7 (environmental governance) and D8 (e-governance), so the total went from
a sum of six dimensions (scale 6–60; observed {facts['ranges'][False]}) to a sum of eight (scale 8–80;
observed {facts['ranges'][True]}). A 2017 total and a 2018 total are on different scales, and PAPI itself
discourages comparing 2018+ aggregates with earlier years. `cchc_analysis.context.compare_totals`
refuses such a comparison; compare the dimensions instead. `total_6dim` bridges the break but is
not fully homogeneous either: sub-dimension content changed over time (e.g. D3 in 2016).

Ranks are not stored: `cchc_analysis.context.papi_trend` ranks provinces within each year from
these scores (rank 1 = highest, provinces without a score left out and counted). They are **not
an official PAPI ranking** — PAPI publishes four performance groups; media quote ranks.

## Missing province-years

{len(facts['missing'])} province-years lack one or more scores; their `total` and `total_6dim` are blank
(the transcription treats zero cells of the PAPI files as missing):

| year | province | dimensions missing |
|---|---|---|
{missing}

The 2024 gaps come from the 2024 PAPI file being reorganised by the 34 post-merger provinces, so
they are an artefact of that file, not necessarily an absence of published scores. Whether PAPI
published the other missing scores elsewhere was not checked. Thanh Hóa, Hải Dương, Thừa Thiên
Huế and Trà Vinh (the provinces of the project's districts) have every score.

## Origin and transcription path

- `papi.csv`, `papi_dimensions.csv`: from GitHub `tunah72/papi-dashboard`, commit
  `2e42ab89bd452987a8661c5c60ccf5571bb7a884`, files `data/processed/agg_province_year.csv`,
  `dim_indicator.csv`, `dim_province.csv`. That repository built them from the per-year PAPI
  Excel files in its `data/raw/` (2011–2017 `PAPI-<year>-Dữ-liệu-1.xlsx`, 2018
  `PAPI2018_ProvincialScores_ByIndicators_VIE.xlsx`, 2019–2024 `…PAPI_ProvincialIndicators…xlsx`)
  using the unweighted scores. The files were read page by page from a stored code index and
  concatenated verbatim into `../shared/reference/` (second half transcribed twice, identical).
  **That repository has no licence file**; the numbers are the published PAPI scores, and the
  totals are its own float32 recomputations. Its `rank_year` and `tier` columns (its own
  computations) are not carried over; its `total_official` (the aggregate read from the 2019–2024
  PAPI files) is not carried over either: it is within {facts['official_gap']:.1g} of `total`.
- `province_indices.csv`: gathered from public news and government pages, one figure a row with
  its source URL; the PAPI rows cite the same tunah72 file (and mdtrinh for 2011–2016). Coverage
  of PAR INDEX and SIPAS is sparse (no open dataset exists; values come from press releases), and
  `note` says where a rank was read from an ordered list in a news story. Nothing is estimated.
  {checks['letrinh_n']} PCI rows (2016–2021) were read from `letrinhandn/Citizen-Participation-and-Local-Economic-Growth-in-Vietnam`,
  whose licence is "Academic Copyright License (All Rights Reserved)": they are the published VCCI
  figures (matching the official PCI where cross-checked), cited there, and must be cited to VCCI.
- Cross-check source (not copied): `mdtrinh/vietnamdata` `data-raw/PAPI/PAPI_2011-2016.xlsx`
  (commit `be581b8d5b1f0c6a747199fe23d8a77e55396e17`, licence CC0), as its long form
  `mdtrinh_vietnamdata_PAPI_2011-2016_long.csv`.

## Checks run by the build (all passed)

- The three transcribed PAPI files have the sha256 recorded when they were transcribed.
- 882 rows = 63 provinces × 14 years (2011–2024), each province-year once; every province name
  resolves to one of the 63 GSO province codes; no D7/D8 score before 2018; a blank total only
  where a dimension is missing.
- Against the CC0 mdtrinh file: {checks['mdtrinh_n']:,} scores of 2011–2016 (D1–D6 and the total)
  agree within {checks['mdtrinh_max']:.1g} (float32 rounding); both lack {md_missing}.
- Against the PAPI rows of `province_indices.csv`: all {checks['indices_n']} values identical as text
  (the same transcription, so a consistency check, not independent confirmation).

## sha256

Inputs (`../shared/reference/`):

| file | sha256 |
|---|---|
{inputs}

Outputs (`data/reference/`, this file excluded):

| file | sha256 |
|---|---|
{outputs}
"""


def main(argv: list[str]) -> int:
    check = "--check" in argv
    out_dir = settings.data_dir() / "reference"
    files = build(settings.reference_dir())
    stale = [n for n, b in files.items() if not (out_dir / n).is_file() or (out_dir / n).read_bytes() != b]
    if check:
        for n in stale:
            print(f"data/reference/{n} differs from a rebuild; run python tools/build_reference.py")
        return 1 if stale else 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    print(f"wrote {len(files)} files to {out_dir} ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
