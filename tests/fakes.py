"""Canned and recording test doubles for the ports that have no in-memory adapter."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from countries.adapters.memory import InMemoryStore
from countries.application.errors import SourceError
from countries.application.ports import OutgoingMail, UnitOfWork
from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.reports import Delivery


def make_country(code: str = "ARG", **changes: object) -> Country:
    """A plausible country; `changes` override any field."""
    base = Country(
        code=code,
        cca2=code[:2],
        ccn3=None,
        name=f"Country {code}",
        official_name=f"Republic of {code}",
        capitals=(f"Capital {code}",),
        currencies=(Currency(code="XXX", name="Test dollar", symbol="$"),),
        continents=("Europe",),
        region="Europe",
        subregion="Western Europe",
        languages=(Language(code="eng", name="English"),),
        population=1_000,
        flag=Flag(emoji="🏳", png=f"https://flags/{code}.png", svg=f"https://flags/{code}.svg"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def store_of(**continent_by_code: str) -> InMemoryStore:
    """An in-memory store holding a plausible country per code, on the continent given."""
    store = InMemoryStore()
    for code, continent in continent_by_code.items():
        store.countries[code] = make_country(code, continents=(continent,), region=continent)
    return store


@dataclass
class ScriptedSource:
    """A CountrySource answering what the test scripted (a list, or an error to raise)."""

    answer: list[Country] | SourceError
    name: str = "scripted source"
    calls: int = 0
    accepted_payloads: list[list[Country]] = field(default_factory=list)

    async def fetch(self) -> list[Country]:
        self.calls += 1
        if isinstance(self.answer, SourceError):
            raise self.answer
        return list(self.answer)

    async def accepted(self, countries: list[Country]) -> None:
        self.accepted_payloads.append(countries)


@dataclass
class FixedClock:
    """A clock that stands still until the test moves it."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 7, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class RecordingMailer:
    """A Mailer that keeps what it was asked to send; `fail_with` makes every send raise it."""

    sent: list[OutgoingMail] = field(default_factory=list)
    fail_with: Exception | None = None
    attempts: int = 0

    async def send(self, mail: OutgoingMail) -> None:
        self.attempts += 1
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(mail)


class RecordingPublisher:
    """A VersionPublisher that remembers every version published, in order."""

    def __init__(self) -> None:
        self.published: list[int] = []

    async def publish(self, version: int) -> None:
        self.published.append(version)


async def delivery_of(uow: UnitOfWork, subscription_id: int, day: date) -> Delivery | None:
    """The delivery log's entry of this subscription on this day, else None."""
    entries = await uow.deliveries.for_day(day)
    return next((d for d in entries if d.subscription_id == subscription_id), None)
