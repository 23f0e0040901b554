"""The details document: every field of CountryDetails has its key, and old documents still read."""

from __future__ import annotations

from dataclasses import fields

from hypothesis import given

from countries.adapters.details_codec import details_to_document, document_to_details
from countries.domain.record import CountryDetails
from tests.strategies import any_country_details


def test_every_field_of_the_record_is_written() -> None:
    # A field added to CountryDetails but not to the document would be lost on every write.
    assert list(details_to_document(CountryDetails())) == [f.name for f in fields(CountryDetails)]


@given(details=any_country_details())
def test_a_document_reads_back_equal_without_a_database(details: CountryDetails) -> None:
    assert document_to_details(details_to_document(details)) == details


def test_a_row_without_details_and_a_document_missing_keys_read_as_not_known() -> None:
    assert document_to_details(None) == CountryDetails()
    assert document_to_details({"cioc": "ARG"}) == CountryDetails(cioc="ARG")
