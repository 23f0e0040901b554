"""Settings that cannot work are refused at load, in one line naming the variable."""

from __future__ import annotations

import pytest
from sqlalchemy import make_url

from countries.config import SettingsError, load_settings
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
        (f"postgresql://u:{PASSWORD}@h/db?foo=bar", "parameter 'foo' is not one this service"),
        (f"postgresql://u:{PASSWORD}@h/db?sslmode=on", "sslmode must be one of disable, allow"),
        (f"postgresql://u:{PASSWORD}@h/db?connect_timeout=3", "COUNTRIES_DATABASE_TIMEOUT_SEC"),
        (f"postgresql://u:{PASSWORD}@h/db?ssl=a&ssl=b", "parameter 'ssl' is given more than"),
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
        # libpq's parameter names, as psql and other tools' settings write them
        ("postgresql://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
        (
            "postgresql://u@h/db?application_name=x",
            "postgresql+asyncpg://u@h/db?application_name=x",
        ),
    ],
)
def test_a_driver_qualified_url_runs_on_the_async_driver_of_its_database(
    url: str, used: str
) -> None:
    assert load_settings(database_url=url).database_url == used


@pytest.mark.parametrize(
    ("query", "hosts"),
    [("host=/run/postgresql", "/run/postgresql"), ("host=h1:5432&host=h2", ("h1:5432", "h2"))],
)
def test_a_socket_directory_or_several_hosts_are_kept_as_libpq_reads_them(
    query: str, hosts: object
) -> None:
    url = load_settings(database_url=f"postgresql://u@/db?{query}").database_url
    assert make_url(url).query == {"host": hosts}


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
        ("redis://127.0.0.1:6379/0?ssl=true", "'ssl' is not one Redis's client takes (TLS is"),
        ("redis://127.0.0.1:6379/0?timeout=5", "'timeout' is not one Redis's client takes"),
        ("redis://127.0.0.1:6379/0?health_check_interval=x", "'health_check_interval'"),
        ("redis://h:6379/0?socket_timeout=5", "COUNTRIES_REDIS_TIMEOUT_SECONDS"),
        ("redis://h:6379/0?decode_responses=true", "the cache and the lock read bytes"),
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
        "redis://127.0.0.1:6379/0?max_connections=20",
        "redis://127.0.0.1:6379/0?health_check_interval=30",
        "rediss://h:6380/0?ssl_cert_reqs=none",
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
