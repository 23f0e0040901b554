from hypothesis import example, given
from hypothesis import strategies as st

from countries.domain.text import SEPARATOR, fold
from tests.strategies import READER_SPELLINGS, spelled_words


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Åland   Islands ") == "aland islands"
    assert fold("BOGOTÁ") == fold("bogota")
    assert fold("São Tomé and Príncipe") == "sao tome and principe"


def test_fold_spells_letters_without_a_decomposition_as_a_reader_does() -> None:
    assert fold("Kıbrıs") == "kibris"
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold("Føroyar Ærø") == "foroyar aero"
    assert fold("Œuvre") == "oeuvre"
    assert fold("Łódź") == "lodz"
    assert fold("Đakovo") == "dakovo"
    assert fold("Þórshöfn") == "thorshofn"
    assert fold("Ǿ ǽ") == "o ae", "an accent on one of these letters goes too"


@given(spelled_words())
def test_fold_maps_each_such_letter_to_its_ascii_spelling(word: tuple[str, str]) -> None:
    spelled, typed = word
    assert fold(spelled) == fold(typed) == typed.lower()


@given(st.text())
@example("".join(READER_SPELLINGS))
@example("ǿıİ")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
@example("ı")
@example("kıbrıs ẞ")
def test_fold_is_blind_to_case(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text())
def test_fold_never_yields_the_separator(text: str) -> None:
    assert SEPARATOR not in fold(text)
