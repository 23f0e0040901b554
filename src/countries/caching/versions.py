"""The dataset version as this process knows it, so a cached answer needs no database read.

A sync that changes data commits a new dataset version and publishes it (the
`VersionPublisher` port of the use cases): this process's `DatasetVersion` hears it at
once, and other processes through their `VersionFeed` (PostgreSQL NOTIFY within a round
trip, and a read of the version every second on every database).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from countries.application.ports import CountryReader, VersionPublisher


class VersionFeed(Protocol):
    """Where a process learns of dataset versions committed by other processes."""

    async def follow(self, saw: Callable[[int], None]) -> None:
        """Call `saw` with the committed version now and whenever it may have changed; runs until cancelled."""
        ...


class DatasetVersion(VersionPublisher):
    """The newest dataset version this process has seen committed.

    - Versions only grow: a late report of an older version never replaces a newer one.
    - Until one is seen, `current` reads it from the store.
    """

    def __init__(self, reader: CountryReader) -> None:
        self._reader = reader
        self._version: int | None = None

    def known(self) -> int | None:
        """The newest version seen, or None before anything was seen (no coroutine: hot path)."""
        return self._version

    def saw(self, version: int) -> None:
        """Record that `version` was committed."""
        if self._version is None or version > self._version:
            self._version = version

    async def current(self) -> int:
        """The newest version seen, read from the store while none was."""
        if self._version is None:
            self.saw(await self._reader.dataset_version())
        assert self._version is not None
        return self._version

    async def publish(self, version: int) -> None:
        self.saw(version)

    async def follow(self, feed: VersionFeed) -> None:
        """Take in what `feed` reports of other processes' commits; runs until cancelled."""
        await feed.follow(self.saw)


class PublishToAll(VersionPublisher):
    """Publishes each version to every publisher: this process, and the other replicas."""

    def __init__(self, publishers: Sequence[VersionPublisher]) -> None:
        self._publishers = tuple(publishers)

    async def publish(self, version: int) -> None:
        for publisher in self._publishers:  # this process first: its next request sees it
            await publisher.publish(version)
