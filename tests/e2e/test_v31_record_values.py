"""Values in the records as the hosted service wrote them: Java Doubles, languages in order.

Every test runs on SQLite and in memory (the `client` fixture's storages).
"""

from __future__ import annotations

import httpx2

NUMBERS = "area,latlng,capitalInfo,gini,population"


async def test_whole_numbers_of_double_fields_are_floats_and_population_an_integer(
    client: httpx2.AsyncClient,
) -> None:
    sweden = await client.get("/v3.1/alpha/swe", params={"fields": NUMBERS})
    # The bytes, as the Java server wrote its Doubles; the data file has `450295` and `[62,15]`.
    assert b'"area":450295.0' in sweden.content
    assert b'"latlng":[62.0,15.0]' in sweden.content
    assert b'"gini":{"2018":30.0}' in sweden.content
    assert b'"population":10605098' in sweden.content
    saint_lucia = (await client.get("/v3.1/name/saint lucia", params={"fields": NUMBERS})).json()
    assert saint_lucia[0]["capitalInfo"] == {"latlng": [14.0, -61.0]}
    assert all(isinstance(x, float) for x in saint_lucia[0]["capitalInfo"]["latlng"])
    # The same without `fields`, where the whole record is rendered once and kept.
    japan = (await client.get("/v3.1/alpha/jpn")).json()[0]
    assert (japan["area"], japan["latlng"]) == (377930.0, [36.0, 138.0])
    assert isinstance(japan["area"], float)
    assert all(isinstance(x, float) for x in japan["latlng"])
    assert isinstance(japan["population"], int)


async def test_languages_keep_the_order_the_source_lists_them_in(
    client: httpx2.AsyncClient,
) -> None:
    expected = {
        "ESP": ["spa", "cat", "eus", "glc"],
        "ITA": ["ita", "cat"],
        "SGP": ["eng", "zho", "msa", "tam"],
    }
    for code, languages in expected.items():
        one = (await client.get(f"/v3.1/alpha/{code}", params={"fields": "languages"})).json()
        assert list(one["languages"]) == languages, code
        native = (await client.get(f"/countries/{code}")).json()
        assert [lang["code"] for lang in native["languages"]] == languages, code
    spain = (await client.get("/v3.1/name/spain")).json()[0]
    assert next(iter(spain["languages"].values())) == "Spanish"


async def test_sort_by_language_takes_the_first_language_the_source_lists(
    client: httpx2.AsyncClient,
) -> None:
    page = await client.get(
        "/countries", params={"codes": "esp,ita,sgp,arg", "sort": "language", "fields": "code"}
    )
    # English (Singapore), Guaraní (Argentina), Italian, Spanish: not Catalan for Spain.
    assert [c["code"] for c in page.json()["items"]] == ["SGP", "ARG", "ITA", "ESP"]
