"""The workbook as printed: LibreOffice turns it into a PDF whose pages are counted and read.

LibreOffice takes seconds to start, so both workbooks go through one conversion.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from countries.adapters.excel import HEADERS, render_workbook
from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from tests.integration.test_excel import META

pytestmark = pytest.mark.slow


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"LibreOffice is required under CI=true: {reason}")
        pytest.skip(reason)
    return found


def _print_to_pdf(workbooks: dict[str, bytes], directory: Path) -> dict[str, list[str]]:
    """Each workbook's printed pages, as text, after one LibreOffice run."""
    for name, content in workbooks.items():
        (directory / f"{name}.xlsx").write_bytes(content)
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={(directory / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            *(str(directory / f"{name}.xlsx") for name in workbooks),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {
        name: [page.extract_text() for page in PdfReader(directory / f"{name}.pdf").pages]
        for name in workbooks
    }


def _sheets(pages: list[str]) -> tuple[list[str], list[str]]:
    """The pages of the Countries sheet and those of the About sheet."""
    about = [page for page in pages if "Data licence" in page]
    return [page for page in pages if page not in about], about


def _header_titles_missing(page: str) -> list[str]:
    return [title for title, _ in HEADERS if title not in page]


def _language_mentions(countries: list[Country]) -> Counter[str]:
    return Counter(f"({lang.code})" for country in countries for lang in country.languages)


def test_printed_workbooks_are_one_page_wide_with_every_cell_whole(tmp_path: Path) -> None:
    world = load_snapshot()
    south_america = [c for c in world if "South America" in c.continents]
    printed = _print_to_pdf(
        {
            "south-america": render_workbook(south_america, META),
            "world": render_workbook(world, META),
        },
        tmp_path,
    )

    countries_pages, about_pages = _sheets(printed["south-america"])
    assert (len(countries_pages), len(about_pages)) == (1, 1)
    (page,) = countries_pages
    assert _header_titles_missing(page) == []
    assert "032" in page  # Argentina's numeric code, zero kept
    # Every language of every country is printed whole, none cut at its column's edge.
    printed_mentions = Counter(
        {token: page.count(token) for token in _language_mentions(south_america)}
    )
    assert printed_mentions == _language_mentions(south_america)

    countries_pages, about_pages = _sheets(printed["world"])
    assert len(about_pages) == 1
    assert len(countries_pages) > 1
    # Every page has the header row, all of it: the sheet is printed one page wide.
    assert [_header_titles_missing(page) for page in countries_pages] == [
        [] for _ in countries_pages
    ]
    printed_text = "\n".join(countries_pages)
    assert [c.code for c in world if c.code not in printed_text] == []
