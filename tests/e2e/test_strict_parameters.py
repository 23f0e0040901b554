"""The same strict rules for every parameter, on every route and on the command line.

A search term that folds to nothing, text that is not valid UTF-8 or holds characters no
country name holds, and an integer spelled otherwise than in plain digits are all a 422
naming the parameter; so is a blank activity name; `countries export` refuses the same
filters with one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.config import Settings
from countries.domain.text import fold
from countries.entrypoints import cli
from tests.cli_refusals import export_refusal
from tests.e2e.conftest import ADMIN

SEARCH_TERMS = ["name", "capital", "continent", "q"]
PAGED = [
    ("/countries", "limit"),
    ("/countries", "offset"),
    ("/countries/ARG/activities", "limit"),
    ("/countries/ARG/activities", "offset"),
]
NOT_PLAIN_DIGITS = "must be a whole number in plain digits"
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text `fold` reduces to nothing: spaces, combining marks, invisible characters, …
# drawn from those characters of the BMP (a filter over every character threw away most
# draws, and hypothesis's health check failed the test now and then).
_FOLDING_TO_NOTHING = [
    ch for ch in map(chr, range(0x10000)) if not "\ud800" <= ch <= "\udfff" and fold(ch) == ""
]
folds_to_nothing = st.text(st.sampled_from(_FOLDING_TO_NOTHING), max_size=12)


def _other_spellings(number: int) -> list[str]:
    """Ways of writing `number` that a lenient parser takes, and plain digits are not."""
    digits = str(number)
    spellings = [f"+{digits}", f"{digits}.0", f" {digits}", f"{digits} ", f"0{digits}"]
    spellings += [f"{digits}.", f"{digits}e0", "１" + digits, f"\t{digits}", f"{digits}\n"]
    if len(digits) > 1:
        spellings.append(f"{digits[0]}_{digits[1:]}")
    return spellings


not_plain_digits = st.integers(min_value=1, max_value=500).flatmap(
    lambda number: st.sampled_from(_other_spellings(number))
)


def _refused(answer: httpx2.Response, parameter: str) -> str:
    """The message for `parameter` (`filters.name` in a body) of a 422 problem, naming it."""
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    (error,) = [e for e in answer.json()["errors"] if e["name"] == parameter]
    message: str = error["message"]
    assert message.startswith(parameter.split(".")[-1] + " ")
    return message


@pytest.mark.parametrize("route", ["/countries", "/countries/export"])
@pytest.mark.parametrize("parameter", SEARCH_TERMS)
@FUZZ
@given(term=folds_to_nothing)
async def test_a_search_term_that_folds_to_nothing_is_a_422_naming_it(
    client: httpx2.AsyncClient, route: str, parameter: str, term: str
) -> None:
    answer = await client.get(route, params={parameter: term})
    _refused(answer, parameter)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("name=%20", "is blank"),
        ("capital=%CC%81", "is blank"),  # a lone combining acute accent
        ("continent=%E2%80%8B", "is blank"),  # a zero-width space
        ("q=%EF%BF%BF", "noncharacter (U+FFFF)"),
        ("name=%EE%80%80", "private-use character (U+E000)"),
        ("name=a%F3%B0%80%80", "private-use character (U+F0000)"),
        ("name=a%CD%B8b", "unassigned code point (U+0378)"),
        ("name=a%01", "control character (U+0001)"),
        ("name=%FF%FE", "not valid UTF-8"),
        ("q=fran%ED%A0%80", "not valid UTF-8"),  # an encoded surrogate
        ("capital=bogot%E1", "not valid UTF-8"),  # Latin-1, not UTF-8
    ],
)
@pytest.mark.parametrize("route", ["/countries", "/countries/export"])
async def test_text_no_country_holds_is_a_422_saying_what_is_wrong(
    client: httpx2.AsyncClient, route: str, query: str, said: str
) -> None:
    answer = await client.get(f"{route}?{query}")
    assert said in _refused(answer, query.split("=")[0])


@pytest.mark.parametrize(("route", "parameter"), PAGED)
@FUZZ
@given(spelling=not_plain_digits)
async def test_an_integer_not_in_plain_digits_is_a_422_naming_it(
    client: httpx2.AsyncClient, route: str, parameter: str, spelling: str
) -> None:
    answer = await client.get(route, params={parameter: spelling})
    assert NOT_PLAIN_DIGITS in _refused(answer, parameter)


@pytest.mark.parametrize(("route", "parameter"), PAGED)
@FUZZ
@given(number=st.integers(min_value=1, max_value=500))
async def test_an_integer_in_plain_digits_is_taken(
    client: httpx2.AsyncClient, route: str, parameter: str, number: int
) -> None:
    answer = await client.get(route, params={parameter: str(number)})
    assert answer.status_code == 200, answer.text
    assert answer.json()[parameter] == number


@pytest.mark.parametrize("spelling", ["+1", "01", "1.0", "1_0", "%201", "1e0"])
@pytest.mark.parametrize(
    ("route", "parameter"),
    [
        ("/countries/ARG/activities/{}", "activity_id"),
        ("/admin/report-subscriptions/{}", "subscription_id"),
    ],
)
async def test_an_id_not_in_plain_digits_is_a_422_where_plain_digits_are_a_404(
    client: httpx2.AsyncClient, route: str, parameter: str, spelling: str
) -> None:
    assert (await client.get(route.format("1"), headers=ADMIN)).status_code == 404
    answer = await client.get(route.format(spelling), headers=ADMIN)
    assert NOT_PLAIN_DIGITS in _refused(answer, parameter)


@pytest.mark.parametrize(
    "change", [{"name": "   "}, {"name": "\u3000"}, {"city": " "}, {"city": "\u0301"}]
)
async def test_a_blank_activity_name_or_city_is_a_422_naming_it(
    client: httpx2.AsyncClient, change: dict[str, str]
) -> None:
    body = {"name": "Glacier trek", "category": "nature"} | change
    (field,) = change
    added = await client.post("/countries/ARG/activities", json=body, headers=ADMIN)
    assert "is blank" in _refused(added, field)
    created = await client.post(
        "/countries/ARG/activities", json={"name": "Tango", "category": "culture"}, headers=ADMIN
    )
    patched = await client.patch(
        f"/countries/ARG/activities/{created.json()['id']}", json=change, headers=ADMIN
    )
    assert "is blank" in _refused(patched, field)
    listed = await client.get("/countries/ARG/activities")
    assert [a["name"] for a in listed.json()["items"]] == ["Tango"]


async def test_report_filters_take_the_same_rules(client: httpx2.AsyncClient) -> None:
    for filters in ({"name": " "}, {"q": "\ufffd"}, {"capital": "\U000f0000"}):
        answer = await client.post(
            "/admin/report-subscriptions",
            json={"email": "ana@example.org", "filters": filters},
            headers=ADMIN,
        )
        (name,) = filters
        _refused(answer, f"filters.{name}")
    listed = await client.get("/admin/report-subscriptions", headers=ADMIN)
    assert listed.json() == {"items": []}


@pytest.mark.parametrize(
    ("query", "parameter", "said"),
    [
        ("limit=501", "limit", "limit must be at most 500"),
        ("limit=0", "limit", "limit must be at least 1"),
        ("order=up", "order", "order must be 'asc' or 'desc'"),
        ("sort=size", "sort", "sort must be 'name', 'capital', 'currency', "),
        ("colour=red", "colour", "colour is not a parameter of this route"),
    ],
)
async def test_a_refused_parameter_is_told_in_words(
    client: httpx2.AsyncClient, query: str, parameter: str, said: str
) -> None:
    assert _refused(await client.get(f"/countries?{query}"), parameter).startswith(said)


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"category": "nature"}, "name", "name is required"),
        (
            {"name": "n" * 201, "category": "nature"},
            "name",
            "name must have at most 200 characters",
        ),
        (
            {"name": "Trek", "category": "nature", "colour": "red"},
            "colour",
            "colour is not a field",
        ),
    ],
)
async def test_a_refused_body_field_is_told_in_words(
    client: httpx2.AsyncClient, body: dict[str, str], field: str, said: str
) -> None:
    added = await client.post("/countries/ARG/activities", json=body, headers=ADMIN)
    assert _refused(added, field).startswith(said)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--name", "\x01"], "invalid --name: name holds a control character (U+0001)"),
        (["--q", "  "], "invalid --q: q is blank"),
        (["--capital", "\u0301"], "invalid --capital: capital is blank"),
        (["--continent", "\udcff"], "invalid --continent: continent is not valid UTF-8"),
    ],
)
def test_the_cli_refuses_the_filters_the_api_refuses_in_one_line(
    settings_for: Callable[..., Settings],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    assert export_refusal(argv, settings_for(), tmp_path, capsys).startswith(said)


def test_the_cli_still_exports_good_filters(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "out.xlsx"
    code = cli.main(["export", "--name", "  Alemania ", "-o", str(target)], settings=settings_for())
    assert code == 0
    assert "wrote 1 countries" in capsys.readouterr().out
