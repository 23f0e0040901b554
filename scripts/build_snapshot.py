"""Rebuild the bundled snapshot and the test fixtures from the shared REST Countries data.

Usage: .venv/bin/python scripts/build_snapshot.py [DATA_DIR]   (default: ../shared/data)

DATA_DIR holds `restcountries-v3.1-all.json` (REST Countries' own data file
src/main/resources/countriesV3.1.json, version of 2026-02-25, MPL-2.0) and
`restcountries-v5-shaped.json` (the same records in the v5 shape). It writes:

- src/countries/adapters/data/restcountries-snapshot.json.gz: every v3.1 record
  with every field the record keeps (all 35), which the product loads when offline;
- src/countries/adapters/data/NOTICE: the MPL-2.0 attribution for that file;
- tests/data/v31-all.json.gz and tests/data/v5-all.json.gz: every record, whole, in
  both shapes (v5's groups the record does not map prove that unknown keys are
  ignored), served by the fake REST Countries in tests/upstream.py.

The product and its tests read only these copies, never DATA_DIR. Output is
deterministic (sorted by cca3, gzip without a timestamp), so a rebuild from the
same data changes nothing in git. When the data's version changes, update
SNAPSHOT_DATE in src/countries/adapters/snapshot.py too.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from countries.adapters.restcountries.payloads_v31 import V31_FIELDS
from countries.adapters.snapshot import SNAPSHOT_DATE

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DATA = ROOT / "src" / "countries" / "adapters" / "data"
TEST_DATA = ROOT / "tests" / "data"

NOTICE = f"""\
restcountries-snapshot.json.gz holds every record of the REST Countries data
file src/main/resources/countriesV3.1.json, version of {SNAPSHOT_DATE}, from the
restcountries/restcountries project
(https://gitlab.com/restcountries/restcountries).

That data is made available under the Mozilla Public License, v. 2.0. A copy of
the MPL can be obtained at https://mozilla.org/MPL/2.0/. This file is a covered
work: its source form is the data file named above; only the records' order and
the order of their fields were changed.
"""


def write_gzip_json(path: Path, value: object) -> None:
    """`value` as compact UTF-8 JSON, gzipped reproducibly (no name, no mtime)."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(
        f"{path.relative_to(ROOT)}: {len(value) if isinstance(value, list) else 1} records, "
        f"{len(raw)} bytes, {path.stat().st_size} gzipped"
    )


def keep(record: dict[str, object], fields: tuple[str, ...]) -> dict[str, object]:
    """`record` restricted to `fields` (in that order)."""
    return {field: record[field] for field in fields if field in record}


def main(data_dir: Path) -> None:
    v31 = json.loads((data_dir / "restcountries-v3.1-all.json").read_text(encoding="utf-8"))
    v5 = json.loads((data_dir / "restcountries-v5-shaped.json").read_text(encoding="utf-8"))
    v31.sort(key=lambda record: record["cca3"])
    v5.sort(key=lambda record: record["codes"]["alpha_3"])
    if [r["cca3"] for r in v31] != [r["codes"]["alpha_3"] for r in v5]:
        sys.exit("the v3.1 and v5 files do not list the same countries")

    unknown = sorted({field for record in v31 for field in record} - set(V31_FIELDS))
    if unknown:
        sys.exit(f"the v3.1 file has fields the record does not keep: {', '.join(unknown)}")
    snapshot = [keep(r, V31_FIELDS) for r in v31]
    write_gzip_json(PACKAGE_DATA / "restcountries-snapshot.json.gz", snapshot)
    (PACKAGE_DATA / "NOTICE").write_text(NOTICE, encoding="utf-8")
    write_gzip_json(TEST_DATA / "v31-all.json.gz", snapshot)
    write_gzip_json(TEST_DATA / "v5-all.json.gz", v5)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
