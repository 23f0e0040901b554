"""Hypothesis strategies for countries and country queries, built to hit the awkward cases.

Names and places come from small pools of accented, case-variant and LIKE-special text,
so generated data has equal names, names equal once folded, missing capitals,
currencies and languages, blank values and equal populations, far more often than
uniform text would. No NUL and no lone surrogates: PostgreSQL cannot store them, and
the HTTP edge rejects them before they reach a repository.
"""

from __future__ import annotations

from tests.strategies.country import countries, country_lists
from tests.strategies.details import any_country_details, country_details
from tests.strategies.queries import country_filters, country_queries
from tests.strategies.text import READER_SPELLINGS, spelled_words

__all__ = [
    "READER_SPELLINGS",
    "any_country_details",
    "countries",
    "country_details",
    "country_filters",
    "country_lists",
    "country_queries",
    "spelled_words",
]
