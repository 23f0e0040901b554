"""Settings from `COUNTRIES_*` environment variables (and `.env`), validated once at start-up.

There is no global instance: entrypoints call `load_settings()` and hand the result to
the container, so tests build their own.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from countries.adapters.sqlalchemy.engine import usable_async_url
from countries.config_rules import (
    THIRTY_DAYS,
    env_file_names,
    env_file_problem,
    header_token,
    mail_address,
    misspelled,
    redis_url,
    trimmed_secret,
)

SourceApi = Literal["v5", "v3.1"]
SmtpTls = Literal["none", "starttls", "tls"]
LogFormat = Literal["text", "json"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
ENV_FILE = ".env"  # in the working directory, read under the environment's own variables
_TLS_BY_PORT: dict[int, SmtpTls] = {465: "tls", 587: "starttls"}

# Runs the whole service on the in-memory adapters: nothing is kept across restarts.
MEMORY_DATABASE = "memory://"

# Values never echoed in an error: secrets, and URLs that may carry a password.
_UNECHOED = frozenset(
    {"source_api_key", "admin_token", "smtp_password", "database_url", "redis_url"}
)


class Settings(BaseSettings):
    """Every setting of the service; see the README for what each means."""

    model_config = SettingsConfigDict(
        env_prefix="COUNTRIES_",
        env_file=ENV_FILE,
        env_file_encoding="utf-8",  # as `env_file_problem` checks it, whatever the locale
        extra="ignore",
        frozen=True,
    )

    database_url: str = "sqlite:///./countries.db"
    redis_url: str | None = None
    source_url: AnyHttpUrl = AnyHttpUrl("https://api.restcountries.com/countries/v5")
    source_api: SourceApi | None = None
    source_api_key: SecretStr | None = None
    sync_interval_seconds: Annotated[int, Field(ge=0, le=THIRTY_DAYS)] = 86400
    cache_ttl_seconds: Annotated[int, Field(ge=1, le=THIRTY_DAYS)] = 86400
    admin_token: SecretStr | None = None
    smtp_host: str | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "countries@localhost"
    smtp_tls: SmtpTls | None = None
    report_time: time = time(7, 0)
    timezone: str = "UTC"
    source_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 20.0
    database_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 5.0
    smtp_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 30.0
    redis_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 0.25
    # Room for the largest answers (the full list: 882 kB, 1.35 MB with its codings) beside
    # thousands of small ones, and a process under 150 MB however many distinct URLs it
    # is asked (docs/performance.md).
    answer_cache_max_bytes: Annotated[int, Field(ge=0)] = 8 * 1024 * 1024
    max_body_bytes: Annotated[int, Field(ge=1)] = 1024 * 1024
    body_timeout_seconds: Annotated[float, Field(gt=0, le=600)] = 10.0
    # Where `countries serve` listens unless its --host and --port say otherwise.
    host: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    log_format: LogFormat = "text"
    log_level: LogLevel = "INFO"
    cors_origins: str | None = None

    @field_validator("database_url")
    @classmethod
    def _use_async_driver(cls, value: str) -> str:
        if value == MEMORY_DATABASE:
            return value
        return usable_async_url(value).render_as_string(hide_password=False)

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        return redis_url(value) if value else None

    @field_validator("source_api_key", mode="before")
    @classmethod
    def _header_token(cls, value: object) -> object:
        return header_token(value)

    # Trimmed rather than refused: the guard trims the token a client presents, and HTTP
    # drops the whitespace around a header value, so no client could ever send it back;
    # a `.env` line's stray space is surely not meant as part of the token.
    @field_validator("admin_token", mode="before")
    @classmethod
    def _trimmed_secret(cls, value: object) -> object:
        return trimmed_secret(value)

    @field_validator("smtp_from")
    @classmethod
    def _one_address(cls, value: str) -> str:
        return mail_address(value.strip())  # a `.env` value's stray whitespace

    @field_validator("report_time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value.strip()):
            raise ValueError("expected HH:MM between 00:00 and 23:59")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("unknown time zone (try UTC or Europe/Madrid)") from error
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str | None) -> str | None:
        origins = [o.strip() for o in (value or "").split(",") if o.strip()]
        for origin in origins:
            # A browser's Origin is scheme://host[:port], never with a path or a trailing
            # slash: an origin written otherwise would silently never match.
            if origin != "*" and not re.fullmatch(r"https?://[^/\s?#]+", origin):
                raise ValueError(
                    f"{origin!r} is not an origin (try https://app.example.org, or * for any)"
                )
        return ",".join(origins) or None

    @field_validator("smtp_host", "smtp_username", "source_api", "smtp_tls", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def resolved_source_api(self) -> SourceApi:
        """`COUNTRIES_SOURCE_API`, else v3.1 when the URL path ends in /v3.1, else v5."""
        if self.source_api is not None:
            return self.source_api
        return "v3.1" if (self.source_url.path or "").rstrip("/").endswith("/v3.1") else "v5"

    @property
    def resolved_smtp_tls(self) -> SmtpTls:
        """`COUNTRIES_SMTP_TLS`, else implicit TLS on 465, STARTTLS on 587, none otherwise."""
        if self.smtp_tls is not None:
            return self.smtp_tls
        return _TLS_BY_PORT.get(self.smtp_port, "none")

    @property
    def storage_backend(self) -> Literal["sql", "memory"]:
        """Where the data lives: a SQL database, or this process's memory (`memory://`)."""
        return "memory" if self.database_url == MEMORY_DATABASE else "sql"

    @property
    def cache_backend(self) -> Literal["redis", "memory"]:
        return "redis" if self.redis_url else "memory"

    @property
    def source_base_url(self) -> str:
        return str(self.source_url).rstrip("/")

    @property
    def source_key(self) -> str | None:
        return self.source_api_key.get_secret_value() if self.source_api_key else None

    @property
    def smtp_secret(self) -> str | None:
        return self.smtp_password.get_secret_value() if self.smtp_password else None

    @property
    def admin_token_bytes(self) -> bytes | None:
        """The admin token as UTF-8 bytes, ready for a constant-time comparison."""
        return self.admin_token.get_secret_value().encode() if self.admin_token else None

    @property
    def cors_origin_list(self) -> list[str]:
        """The origins CORS allows (`*` for any); empty means no CORS headers at all."""
        return self.cors_origins.split(",") if self.cors_origins else []

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class SettingsError(Exception):
    """A setting is invalid; the message is one line naming the variable."""


def load_settings(**overrides: Any) -> Settings:
    """Read and validate the settings; raise SettingsError naming the first bad variable."""
    problem = env_file_problem(Path(ENV_FILE))
    if problem is not None:
        raise SettingsError(problem)
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        shown = "" if field in _UNECHOED else f" (got {first.get('input')!r})"
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"COUNTRIES_{field.upper()}: {message}{shown}") from None


def misspelled_settings() -> list[tuple[str, str]]:
    """`COUNTRIES_*` names in the environment or `.env` that are close to a setting, and it."""
    prefix = Settings.model_config.get("env_prefix", "")
    given = [*os.environ, *env_file_names(Path(ENV_FILE))]
    known = [prefix + name.upper() for name in Settings.model_fields]
    return misspelled(given, known, prefix)
