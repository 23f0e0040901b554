"""The HTTP client's transport: made on first use, unless a proxy must be honoured."""

from __future__ import annotations

import pytest

from countries.adapters.restcountries.http import TransportOnFirstUse, default_transport


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_without_a_proxy_the_transport_waits_for_the_first_request() -> None:
    assert isinstance(default_transport(), TransportOnFirstUse)


@pytest.mark.parametrize("name", ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY"])
def test_with_a_proxy_httpx2_builds_the_transports_that_honour_it(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "http://proxy.test:3128")
    assert default_transport() is None
