"""The dataset version as this process knows it, so a replayed answer needs no database read."""

from __future__ import annotations

from countries.application.ports import CountryReader, VersionFeed


class KnownVersion:
    """The newest dataset version this process has seen committed.

    - This process's own commits report here as they happen (its units of work do), so
      the first request after a local sync already sees the new version.
    - Other processes' commits (replicas, `countries sync`) arrive through `FollowVersion`.
    - Versions only grow: a late report of an older version never replaces a newer one.
    """

    def __init__(self) -> None:
        self._version: int | None = None

    def get(self) -> int | None:
        """The newest version seen, or None before anything was seen."""
        return self._version

    def saw(self, version: int) -> None:
        """Record that `version` was committed."""
        if self._version is None or version > self._version:
            self._version = version


class CurrentVersion:
    """The version of the stored dataset: it changes whenever a sync changes any country.

    - Answered from `KnownVersion`; the store is read only until a version has been seen.
    """

    def __init__(self, reader: CountryReader, known: KnownVersion) -> None:
        self._reader = reader
        self._known = known

    async def __call__(self) -> int:
        version = self._known.get()
        if version is None:
            version = await self._reader.dataset_version()
            self._known.saw(version)
        return version


class FollowVersion:
    """Keep `KnownVersion` up to date with the commits of other processes; runs until cancelled."""

    def __init__(self, feed: VersionFeed, known: KnownVersion) -> None:
        self._feed = feed
        self._known = known

    async def __call__(self) -> None:
        await self._feed.follow(self._known.saw)
