"""The small rules behind the REST Countries adapters: names, field groups, backoff, headers."""

from __future__ import annotations

import pytest

from countries.adapters.restcountries.http import public_url, retry_after_seconds, upstream_message
from countries.adapters.restcountries.mapping import alt_names
from countries.adapters.restcountries.payloads_v31 import V31_FIELDS
from countries.adapters.restcountries.retry import RetryPolicy
from countries.adapters.restcountries.v31 import field_groups, looks_retired


def test_alt_names_are_deduplicated_in_order_without_the_names_themselves() -> None:
    names = alt_names(
        name="Germany",
        official_name="Federal Republic of Germany",
        spellings=["DE", "Deutschland", "DE", ""],
        native={"deu": ("Deutschland", "Bundesrepublik Deutschland")},
        translations={
            "spa": ("Alemania", "República Federal de Alemania"),
            "fra": ("Allemagne", "Federal Republic of Germany"),
        },
    )

    assert names == (
        "DE",
        "Deutschland",
        "Bundesrepublik Deutschland",
        "Allemagne",  # translations by language code, whatever the payload's key order
        "Alemania",
        "República Federal de Alemania",
    )


def test_field_groups_keep_every_request_within_ten_fields_each_with_cca3_and_name() -> None:
    groups = field_groups()

    assert all(len(group) <= 10 and group[:2] == ("cca3", "name") for group in groups)
    assert sorted({f for group in groups for f in group}) == sorted(V31_FIELDS)
    assert len(V31_FIELDS) == 35
    assert len(groups) == 5  # 33 fields besides the two in every request, 8 a request
    assert field_groups(("cca3", "a", "b", "c"), limit=2, keys=("cca3",)) == [
        ("cca3", "a"),
        ("cca3", "b"),
        ("cca3", "c"),
    ]
    with pytest.raises(ValueError, match="no room"):
        field_groups(("cca3", "name", "a"), limit=2)


@pytest.mark.parametrize(
    ("body", "retired"),
    [
        ({"success": False, "data": None, "errors": [{"message": "deprecated"}]}, True),
        ({"errors": [{"message": "This API version has been DEPRECATED"}]}, True),
        ([{"cca3": "FRA"}], False),
        ({"message": "Not Found", "status": 404}, False),
    ],
)
def test_the_retired_envelope_is_recognised(body: object, retired: bool) -> None:
    assert looks_retired(body) is retired


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("3", 3.0),
        ("-5", 0.0),
        ("nan", None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: retry now
    ],
)
def test_retry_after_reads_seconds_and_dates(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_retry_after_dates_count_from_now() -> None:
    now = 1_445_412_470.0  # 10 s before 2015-10-21 07:28:00 UTC
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 10.0


def test_backoff_grows_with_jitter_and_stays_bounded() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=3.0)

    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 3.0), (10, 3.0)]:
        assert ceiling / 2 <= policy.backoff(attempt) <= ceiling
    with pytest.raises(ValueError, match="attempts >= 1"):
        RetryPolicy(attempts=0)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://user:secret@mirror.example:8443/v3.1/?key=secret#x",
            "https://mirror.example:8443/v3.1",
        ),
        (
            "https://api.restcountries.com/countries/v5",
            "https://api.restcountries.com/countries/v5",
        ),
        ("http://[::1", "(an unparsable URL)"),
    ],
)
def test_public_urls_show_no_credentials(url: str, shown: str) -> None:
    assert public_url(url) == shown


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"errors": [{"message": "Invalid   API\\nkey"}]}', "(Invalid API key)"),
        (b'{"message": "Not Found", "status": 404}', "(Not Found)"),
        (b"<html>oops</html>", ""),
        (b'{"message": ["not", "text"]}', ""),
        (('{"message": "' + "x" * 300 + '"}').encode(), "(" + "x" * 200 + "…)"),
    ],
)
def test_upstream_error_messages_are_short_and_on_one_line(body: bytes, message: str) -> None:
    assert upstream_message(body) == message
