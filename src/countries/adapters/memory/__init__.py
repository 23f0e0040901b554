"""In-memory adapters: real implementations of the ports, held to the same contract tests.

They back the unit tests and run the whole service without a database
(`COUNTRIES_DATABASE_URL=memory://`, nothing kept across restarts). One `InMemoryStore`
is the "database"; a unit of work copies it on enter and writes the copy back only on
commit, so an uncommitted block changes nothing.
"""

from countries.adapters.memory.reading import (
    InMemoryCountryReader,
    InMemorySyncLock,
    InMemoryVersionFeed,
)
from countries.adapters.memory.store import InMemoryStore
from countries.adapters.memory.unit_of_work import InMemoryUnitOfWork

__all__ = [
    "InMemoryCountryReader",
    "InMemoryStore",
    "InMemorySyncLock",
    "InMemoryUnitOfWork",
    "InMemoryVersionFeed",
]
