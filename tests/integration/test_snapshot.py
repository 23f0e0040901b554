"""The snapshot bundled in the package: complete, equal to what a live v3.1 fetch gives, quick to load."""

from __future__ import annotations

import gc
import gzip
from importlib.resources import files

from countries.adapters.restcountries.payloads_v31 import decode_records
from countries.adapters.snapshot import SNAPSHOT_DATE, BundledSnapshotSource, load_snapshot
from countries.application.ports import CountrySource
from countries.domain.model import Country, Currency, Flag

DATA = files("countries.adapters").joinpath("data")


async def test_serves_all_250_countries_with_the_data_date_in_its_name() -> None:
    source: CountrySource = BundledSnapshotSource()

    countries = await source.fetch()

    assert len(countries) == 250
    assert len({c.code for c in countries}) == 250
    assert source.name == "bundled snapshot of REST Countries v3.1 data (2026-02-25)"


async def test_equals_the_v31_test_fixture_mapped_by_the_live_adapter_models() -> None:
    fixture = (files("tests") / "data" / "v31-all.json.gz").read_bytes()

    assert await BundledSnapshotSource().fetch() == decode_records(gzip.decompress(fixture))


async def test_keeps_the_edge_cases_of_the_data() -> None:
    by_code = {c.code: c for c in await BundledSnapshotSource().fetch()}

    antarctica = by_code["ATA"]
    assert (antarctica.capitals, antarctica.currencies, antarctica.languages) == ((), (), ())
    assert antarctica.subregion is None
    assert by_code["ZAF"].capitals == ("Pretoria", "Bloemfontein", "Cape Town")
    assert by_code["UNK"].ccn3 is None
    assert by_code["TUR"].continents == ("Europe", "Asia")
    assert by_code["ALA"].name == "Åland Islands"
    assert by_code["COL"].capitals == ("Bogotá",)
    assert by_code["ARG"].currencies == (Currency(code="ARS", name="Argentine peso", symbol="$"),)
    assert by_code["ARG"].flag == Flag(
        emoji="🇦🇷",
        png="https://flagcdn.com/w320/ar.png",
        svg="https://flagcdn.com/ar.svg",
        alt=by_code["ARG"].flag.alt,
    )
    assert "Alemania" in by_code["DEU"].alt_names


def _countries_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Country)


def test_its_countries_are_not_kept_once_the_seed_is_done() -> None:
    # Seeding is the snapshot's one use: a copy kept for the process's life was 3 MB.
    before = _countries_alive()
    countries = load_snapshot()
    assert _countries_alive() == before + 250
    assert load_snapshot() == countries  # every load reads the same

    del countries

    assert _countries_alive() == before


def test_ships_its_mpl_attribution() -> None:
    notice = DATA.joinpath("NOTICE").read_text(encoding="utf-8")

    assert "restcountries/restcountries" in notice
    assert "src/main/resources/countriesV3.1.json" in notice
    assert SNAPSHOT_DATE in notice
    assert "Mozilla Public License, v. 2.0" in notice
    assert "https://mozilla.org/MPL/2.0/" in notice
