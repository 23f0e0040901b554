"""URLs from the source: only http(s) is stored, anything else is null and logged once."""

from __future__ import annotations

import asyncio
import logging
import string
from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from countries.adapters.restcountries.mapping import keep_safe_urls, safe_url
from countries.adapters.snapshot import BundledSnapshotSource
from countries.domain.record import CoatOfArms, CountryDetails, Maps
from tests.fakes import make_country

host = st.text(alphabet=string.ascii_lowercase + string.digits + ".-", min_size=1, max_size=20)
path = st.text(alphabet=string.ascii_letters + string.digits + "/._-?=&#%", max_size=30)


@given(st.sampled_from(("http", "https", "HTTPS", "Http")), host, path)
def test_every_http_or_https_url_is_kept_as_given(scheme: str, name: str, rest: str) -> None:
    url = f"{scheme}://{name}/{rest}"
    assert safe_url(url) == url


@given(st.text(max_size=40))
@example("javascript:alert(1)")
@example("JavaScript://flagcdn.com/%0aalert(1)")
@example("data:image/svg+xml,<svg onload=alert(1)>")
@example("//flagcdn.com/ar.svg")
@example("https://")
@example(" https://flagcdn.com/ar.png")
@example("https://flagcdn.com/a r.png")
@example("https://flagcdn.com/ar.png\nSet-Cookie: x")
@example("https://flagcdn.com/\u202egnp.exe")
def test_anything_else_is_dropped(text: str) -> None:
    kept = safe_url(text)
    if kept is not None:
        scheme, _, rest = kept.partition("://")
        assert scheme.lower() in ("http", "https")
        assert rest
        assert not any(ch.isspace() or not ch.isprintable() for ch in kept)


def test_bad_urls_are_nulled_and_logged_once_with_their_count_and_an_example(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = make_country("ARG")
    evil = make_country("BRA")
    evil = replace(evil, flag=replace(evil.flag, png="javascript:alert(1)"))
    worse = make_country("CHL")
    worse = replace(worse, flag=replace(worse.flag, png="data:,x", svg="vbscript:x"))

    with caplog.at_level(logging.WARNING):
        kept = keep_safe_urls([good, evil, worse], what="the answer of a test source")

    assert kept[0] is good
    assert (kept[1].flag.png, kept[1].flag.svg) == (None, evil.flag.svg)
    assert (kept[2].flag.png, kept[2].flag.svg) == (None, None)
    assert len(caplog.records) == 1
    line = caplog.records[0].getMessage()
    assert "3 URL(s)" in line
    assert "BRA" in line
    assert "javascript:alert(1)" in line


def test_map_links_and_coats_of_arms_are_kept_only_when_http_or_https(
    caplog: pytest.LogCaptureFixture,
) -> None:
    details = CountryDetails(
        maps=Maps(google="https://goo.gl/maps/x", openstreetmap="openstreetmap.org/relation/1"),
        coat_of_arms=CoatOfArms(png="javascript:alert(1)", svg="https://mainfacts.com/ar.svg"),
    )
    country = make_country("FIN", details=details)

    with caplog.at_level(logging.WARNING):
        [kept] = keep_safe_urls([country], what="the answer of a test source")

    assert kept.details.maps == Maps(
        google="https://goo.gl/maps/x", openstreetmap="https://openstreetmap.org/relation/1"
    )
    assert kept.details.coat_of_arms == CoatOfArms(png=None, svg="https://mainfacts.com/ar.svg")
    assert kept.flag == country.flag
    [line] = [record.getMessage() for record in caplog.records]
    assert "1 URL(s)" in line
    assert "the coat of arms png of FIN: 'javascript:alert(1)'" in line


@given(st.from_regex(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", fullmatch=True), path)
def test_a_link_given_without_its_scheme_is_kept_with_https(name: str, rest: str) -> None:
    url = f"{name}.org/{rest}"
    assert safe_url(url) == f"https://{url}"


def test_the_bundled_snapshot_loads_without_a_warning_and_with_its_map_links(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        countries = {c.code: c for c in asyncio.run(BundledSnapshotSource().fetch())}
    assert caplog.records == []
    assert countries["FIN"].details.maps.openstreetmap == "https://openstreetmap.org/relation/54224"
    assert {countries[code].details.maps.openstreetmap for code in ("LBY", "VIR")} == {
        "https://openstreetmap.org/relation/192758",
        "https://openstreetmap.org/relation/286898",
    }
