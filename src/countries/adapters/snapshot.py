"""`BundledSnapshotSource`: the countries shipped inside the package, for when no live source answers.

The data is REST Countries' own v3.1 file (MPL-2.0, see data/NOTICE), every record
with every field, parsed by the same payload models as the live v3.1 adapter, so a
snapshot country, details and all, equals the one a v3.1 server would give.
"""

from __future__ import annotations

import asyncio
import gzip
from importlib.resources import files

from countries.domain.model import Country

# Rebuilt by scripts/build_snapshot.py; the date is the data file's version.
SNAPSHOT_DATE = "2026-02-25"
SNAPSHOT_FILE = "restcountries-snapshot.json.gz"


def load_snapshot() -> tuple[Country, ...]:
    """Every bundled country, read and validated afresh from the package's file."""
    # Not kept: only an empty database is seeded from it, once, and a copy held for the
    # process's life (every field of 250 countries) was 3 MB of its heap. The
    # payload models are imported here, not at start (~15 ms): a start on a database that
    # holds countries never reads the snapshot.
    from countries.adapters.restcountries.payloads_v31 import decode_records

    body = gzip.decompress(files("countries.adapters").joinpath("data", SNAPSHOT_FILE).read_bytes())
    return tuple(decode_records(body, what=f"the bundled snapshot ({SNAPSHOT_FILE})"))


class BundledSnapshotSource:
    """A `CountrySource` that always answers, from the snapshot bundled in the package."""

    @property
    def name(self) -> str:
        """Names the data and its date, e.g. for /health."""
        return f"bundled snapshot of REST Countries v3.1 data ({SNAPSHOT_DATE})"

    async def fetch(self) -> list[Country]:
        """Every bundled country, the file parsed off the event loop (about 50 ms)."""
        return list(await asyncio.to_thread(load_snapshot))

    async def accepted(self, countries: list[Country]) -> None:
        """Nothing to do: this source keeps no payloads."""
