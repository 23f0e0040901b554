"""Settings that cannot work are refused at load, in one line naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from countries.config import Settings, SettingsError, load_settings
from countries.config_rules import misspelled
from countries.entrypoints.cli import main
from countries.entrypoints.http.guards import admin_refusal

PASSWORD = "s3cret-pw"


def _refusal(**overrides: object) -> str:
    with pytest.raises(SettingsError) as error:
        load_settings(**overrides)
    message = str(error.value)
    assert "\n" not in message
    return message


# M2: database URLs that parse but cannot connect.
@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"postgresql://u:{PASSWORD}@127.0.0.1:99999/db", "port 99999 is out of range 1..65535"),
        (f"postgresql://u:{PASSWORD}@127.0.0.1:0/db", "port 0 is out of range 1..65535"),
        (f"postgresql://u:{PASSWORD}@h:abc/db", "not a database URL"),
        (f"postgresql+pyodbc://u:{PASSWORD}@h/db", "driver 'pyodbc' is not supported"),
        ("sqlite+pysqlcipher:///x.db", "driver 'pysqlcipher' is not supported"),
        ("mysql://u@h/db", "only sqlite:/// and postgresql:// databases are supported"),
        ("sqlite:///%00", "database holds a control character"),
        ("sqlite:///a%0Ab.db", "database holds a control character"),
        (f"postgresql://u:{PASSWORD}@h\x01/db", "host holds a control character"),
        (f"postgresql://u%0A:{PASSWORD}@h/db", "user name holds a control character"),
    ],
)
def test_an_unusable_database_url_is_refused_without_its_password(url: str, says: str) -> None:
    message = _refusal(database_url=url)
    assert message.startswith("COUNTRIES_DATABASE_URL: ")
    assert says in message
    assert PASSWORD not in message


def test_a_refused_driver_names_the_drivers_that_work() -> None:
    message = _refusal(database_url="postgresql+pyodbc://u@h/db")
    for driver in ("asyncpg", "psycopg2", "aiosqlite", "pysqlite"):
        assert driver in message


@pytest.mark.parametrize(
    ("url", "used"),
    [
        ("sqlite+pysqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db"),
        ("postgresql+psycopg2://u:pw@h:5432/db", "postgresql+asyncpg://u:pw@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_a_driver_qualified_url_runs_on_the_async_driver_of_its_database(
    url: str, used: str
) -> None:
    assert load_settings(database_url=url).database_url == used


# M2: Redis URLs whose port or database number cannot work.
@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"redis://:{PASSWORD}@127.0.0.1:99999/0", "port must be a number in 1..65535"),
        (f"redis://:{PASSWORD}@127.0.0.1:0/0", "port must be a number in 1..65535"),
        (f"redis://:{PASSWORD}@127.0.0.1:http/0", "port must be a number in 1..65535"),
        (f"redis://:{PASSWORD}@127.0.0.1:6379/0/1", "database number 0..15"),
        (f"redis://:{PASSWORD}@127.0.0.1:6379/abc", "database number 0..15"),
        (f"redis://:{PASSWORD}@127.0.0.1:6379/99", "database number 0..15"),
        (f"rediss://:{PASSWORD}@127.0.0.1:6379/0?db=16", "database number 0..15"),
        ("unix:///tmp/redis.sock?db=x", "database number 0..15"),
        (f"redis://:{PASSWORD}@127.0.0.1%00:6379/0", "control character"),
        ("http://127.0.0.1:6379/0", "not a Redis URL"),
    ],
)
def test_an_unusable_redis_url_is_refused_without_its_password(url: str, says: str) -> None:
    message = _refusal(redis_url=url)
    assert message.startswith("COUNTRIES_REDIS_URL: ")
    assert says in message
    assert PASSWORD not in message


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://127.0.0.1:6379/15",
        "redis://127.0.0.1:6379",
        "redis://127.0.0.1/",
        "rediss://:pw@cache.example.org:6380/3",
        "unix:///tmp/redis.sock?db=2",
    ],
)
def test_a_usable_redis_url_is_kept_as_written(url: str) -> None:
    assert load_settings(redis_url=url).redis_url == url


# M3: durations with no upper bound overflowed later, in the scheduler or the cache.
@pytest.mark.parametrize("name", ["sync_interval_seconds", "cache_ttl_seconds"])
@pytest.mark.parametrize("seconds", ["2592001", "200000000000000", "99999999999999999999999"])
def test_a_duration_over_thirty_days_is_refused(name: str, seconds: str) -> None:
    message = _refusal(**{name: seconds})
    assert message.startswith(f"COUNTRIES_{name.upper()}: ")
    assert "2592000" in message


def test_thirty_days_is_accepted_and_zero_still_turns_the_schedule_off() -> None:
    assert load_settings(sync_interval_seconds=2592000).sync_interval_seconds == 2592000
    assert load_settings(cache_ttl_seconds=2592000).cache_ttl_seconds == 2592000
    assert load_settings(sync_interval_seconds=0).sync_interval_seconds == 0


# M4: the source key goes into an HTTP header.
@pytest.mark.parametrize("key", ["ключ", "line\nbreak", "two words", "tab\tbed", "nul\x00"])
def test_a_source_key_that_no_header_can_carry_is_refused_unechoed(key: str) -> None:
    message = _refusal(source_api_key=key)
    assert message.startswith("COUNTRIES_SOURCE_API_KEY: ")
    assert "printable ASCII" in message
    assert key not in message


def test_a_source_key_loses_only_its_surrounding_whitespace() -> None:
    assert load_settings(source_api_key="  k3y-ABC_~!  ").source_key == "k3y-ABC_~!"
    assert load_settings(source_api_key="").source_key is None


# M5: the sender is one address, with no room for another header.
@pytest.mark.parametrize(
    "sender",
    [
        "not an address",
        "a@b.org\nBcc: x@y.z",
        "a@b.org\r\nX: y",
        "a@b.org, c@d.org",
        "Name <a@b.org>",
    ],
)
def test_a_sender_that_is_not_one_address_is_refused(sender: str) -> None:
    message = _refusal(smtp_from=sender)
    assert message.startswith("COUNTRIES_SMTP_FROM: not a usable e-mail address")


@pytest.mark.parametrize(
    ("sender", "kept"),
    [
        ("countries@localhost", "countries@localhost"),
        ("reports@countries.test", "reports@countries.test"),
        (" reports@example.org\r\n", "reports@example.org"),  # a `.env` line's own ending
        ("reports@bücher.example", "reports@xn--bcher-kva.example"),
    ],
)
def test_a_usable_sender_is_kept_in_ascii(sender: str, kept: str) -> None:
    assert load_settings(smtp_from=sender).smtp_from == kept


# L5: an invisible space around the admin token used to lock every admin out.
def test_an_admin_token_with_surrounding_whitespace_still_opens_admin() -> None:
    expected = load_settings(admin_token=" tok \n").admin_token_bytes
    assert expected == b"tok"
    assert admin_refusal(b"Bearer tok", expected) is None


def test_an_admin_token_of_only_whitespace_is_refused_unechoed() -> None:
    message = _refusal(admin_token="  \t ")
    assert message.startswith("COUNTRIES_ADMIN_TOKEN: ")
    assert "whitespace" in message
    assert "\t" not in message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe=1\n", "in .env: not UTF-8 text (byte 0 cannot be read)"),
        (b'COUNTRIES_PORT=9000\nCOUNTRIES_LOG_LEVEL="abc\n', "in .env: line 2 is not NAME=value"),
    ],
)
def test_a_settings_file_that_cannot_be_read_stops_with_one_line_naming_it(
    content: bytes,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a traceback, nor a warning before going on with the defaults; no value echoed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_bytes(content)
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err == f"countries: invalid setting {says}\n"
    assert list(tmp_path.iterdir()) == [tmp_path / ".env"]  # no database made meanwhile


def test_a_settings_file_of_comments_exports_and_blank_lines_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("# the port\n\nexport COUNTRIES_PORT=9001\n")
    assert load_settings().port == 9001


def test_a_misspelled_setting_is_one_warning_naming_the_setting_meant(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A typo no longer leaves the service on its defaults without a word."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNTRIES_DATABSE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("COUNTRIES_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")  # not ours
    (tmp_path / ".env").write_text("COUNTRIES_PORTT=9000\nCOUNTRIES_LOG_LEVEL=WARNING\n")
    assert main(["db", "upgrade"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert [line.split(" countries: ", 1)[1] for line in warnings] == [
        "COUNTRIES_DATABSE_URL is not a setting (did you mean COUNTRIES_DATABASE_URL?); "
        "it is ignored",
        "COUNTRIES_PORTT is not a setting (did you mean COUNTRIES_PORT?); it is ignored",
    ]


def test_a_setting_named_in_another_case_is_no_misspelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pydantic-settings reads `COUNTRIES_port` as COUNTRIES_PORT: no warning that it is not."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNTRIES_DATABASE_url", "memory://")
    assert load_settings().database_url == "memory://"
    assert main(["db", "upgrade"]) == 0
    assert "not a setting" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("COUNTRIES_DATABSE_URL", "COUNTRIES_DATABASE_URL"),
        ("countries_redisurl", "COUNTRIES_REDIS_URL"),
        ("COUNTRIES_ADMIN_TOKN", "COUNTRIES_ADMIN_TOKEN"),
    ],
)
def test_a_near_miss_names_the_setting_meant(name: str, meant: str) -> None:
    known = [f"COUNTRIES_{n.upper()}" for n in Settings.model_fields]
    unrelated = ["COUNTRIES_TEST_REDIS_URL", "COUNTRIES_BENCH_POSTGRES_URL", "PATH"]
    assert misspelled([name, *unrelated, *known], known, "COUNTRIES_") == [(name, meant)]
