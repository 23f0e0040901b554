"""The report key: when two subscriptions send the same report (the domain's rule)."""

from __future__ import annotations

from countries.domain.query import CountryFilter, SortField, SortOrder, SortSpec
from countries.domain.reports import ReportSubscription


def test_spaces_around_or_between_words_send_the_same_report() -> None:
    one = ReportSubscription(
        id=1, email="a@b.test", filter=CountryFilter(continent="South America")
    )
    same = ReportSubscription(
        id=2, email="a@b.test", filter=CountryFilter(continent=" south  america ")
    )
    assert one.sends_same_report_as(same)


def test_accents_and_code_forms_send_the_same_report_as_matching_reads_them() -> None:
    aland = ReportSubscription(id=1, email="a@b.test", filter=CountryFilter(full_name="Åland"))
    plain = ReportSubscription(id=2, email="a@b.test", filter=CountryFilter(full_name="aland"))
    assert aland.sends_same_report_as(plain)
    numeric = ReportSubscription(id=3, email="a@b.test", filter=CountryFilter(codes=("32",)))
    padded = ReportSubscription(id=4, email="a@b.test", filter=CountryFilter(codes=("032", "32")))
    assert numeric.sends_same_report_as(padded)


def test_the_report_key_is_pinned_since_stored_keys_are_compared_with_it() -> None:
    """Stored keys are made by this rule: changing it needs a migration re-keying them."""
    subscription = ReportSubscription(
        id=1,
        email="Ana@Example.org",
        filter=CountryFilter(continent="South  América", codes=("col", "32")),
        sort=SortSpec(field=SortField.POPULATION, order=SortOrder.DESC),
    )
    assert subscription.report_key() == (
        '["ana@example.org", [["codes", "032,col"], ["continent", "south america"]],'
        ' "population", "desc"]'
    )


def test_codes_in_another_order_or_case_send_the_same_report() -> None:
    one = ReportSubscription(id=1, email="a@b.test", filter=CountryFilter(codes=("ARG", "col")))
    same = ReportSubscription(id=2, email="a@b.test", filter=CountryFilter(codes=("COL", "arg")))
    other = ReportSubscription(id=3, email="a@b.test", filter=CountryFilter(codes=("ARG",)))
    assert one.sends_same_report_as(same)
    assert not one.sends_same_report_as(other)
