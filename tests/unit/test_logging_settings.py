"""COUNTRIES_LOG_*, COUNTRIES_CORS_ORIGINS, and the one place logging is configured."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from countries.config import SettingsError, load_settings
from countries.entrypoints.logs import CHATTY_LOGGERS, OUTAGE_LOGGERS, configure_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    for name, chatty_level in levels.items():
        logging.getLogger(name).setLevel(chatty_level)


@pytest.mark.usefixtures("restored_logging")
def test_library_chatter_is_quiet_at_info_and_heard_at_debug(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(load_settings(log_level="info"))
    logging.getLogger("alembic.runtime.plugins").info("setup plugin alembic.autogenerate")
    logging.getLogger("httpx2").info("HTTP Request: GET https://example.org 200")
    logging.getLogger("countries.test").info("the service's own line")
    assert (
        capsys.readouterr().err.splitlines()[-1].endswith("countries.test: the service's own line")
    )
    configure_logging(load_settings(log_level="DEBUG"))
    logging.getLogger("httpx2").debug("HTTP Request: GET https://example.org 200")
    assert "HTTP Request" in capsys.readouterr().err


@pytest.mark.usefixtures("restored_logging")
def test_configuring_again_replaces_the_handler_and_json_lines_parse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(load_settings())
    configure_logging(load_settings(log_format="JSON", log_level="warning"))
    logging.getLogger("countries.test").info("not at WARNING")
    logging.getLogger("countries.test").warning("low on %s", "disk", extra={"free_mb": 12})
    (line,) = capsys.readouterr().err.splitlines()  # one handler: one line
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "countries.test"
    assert record["message"] == "low on disk"
    assert record["free_mb"] == 12
    assert {"timestamp", "level", "logger", "message"} <= record.keys()


@pytest.mark.usefixtures("restored_logging")
def test_json_lines_carry_no_terminal_colour_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """uvicorn logs each line with its coloured copy as an extra (`color_message`)."""
    configure_logging(load_settings(log_format="json"))
    coloured = "Started server process [\x1b[36m%d\x1b[0m]"
    # A logger of the test's own: uvicorn's are set up by other tests' servers.
    logging.getLogger("countries.test.colours").warning(
        "Started server process [%d]", 42, extra={"color_message": coloured}
    )
    record = json.loads(capsys.readouterr().err.splitlines()[-1])
    assert record["message"] == "Started server process [42]"
    assert not [value for value in record.values() if "\x1b" in str(value)]


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"log_format": "xml"}, "COUNTRIES_LOG_FORMAT"),
        ({"log_level": "loud"}, "COUNTRIES_LOG_LEVEL"),
        ({"cors_origins": "https://app.example/"}, "COUNTRIES_CORS_ORIGINS"),
        ({"cors_origins": "app.example"}, "COUNTRIES_CORS_ORIGINS"),
    ],
)
def test_a_bad_setting_names_its_variable(overrides: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError, match=f"^{variable}: "):
        load_settings(**overrides)


def test_cors_origins_are_a_comma_separated_list() -> None:
    settings = load_settings(cors_origins=" https://a.example, http://localhost:3000 ,")
    assert settings.cors_origin_list == ["https://a.example", "http://localhost:3000"]
    assert load_settings(cors_origins="*").cors_origin_list == ["*"]
    assert load_settings().cors_origin_list == []


def test_the_outage_loggers_quieted_for_commands_are_the_ones_outages_are_logged_on() -> None:
    # Named in logs.py by hand: importing the adapters there would load SQLAlchemy and
    # Redis's client for every command, even one that uses neither.
    from countries.adapters import redis_store
    from countries.adapters.sqlalchemy import outages

    assert set(OUTAGE_LOGGERS) == {outages.log.name, redis_store.outage_log.name}
