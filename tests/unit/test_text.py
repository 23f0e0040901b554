from hypothesis import given
from hypothesis import strategies as st

from countries.domain.text import SEPARATOR, fold


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Åland   Islands ") == "aland islands"
    assert fold("BOGOTÁ") == fold("bogota")
    assert fold("São Tomé and Príncipe") == "sao tome and principe"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_is_blind_to_case(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text())
def test_fold_never_yields_the_separator(text: str) -> None:
    assert SEPARATOR not in fold(text)
