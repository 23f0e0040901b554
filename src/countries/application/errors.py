"""Errors the use cases raise; the HTTP problem handlers and the CLI map these, never adapter errors."""

from datetime import UTC, datetime


class ApplicationError(Exception):
    """Base of every error an entrypoint is expected to report to its user."""


class NotFound(ApplicationError):
    """The thing asked for does not exist (or is not visible)."""


class Conflict(ApplicationError):
    """The request clashes with the current state."""


class SubscriptionExists(Conflict):
    """The address gets the report of these filters already: a second would send it twice."""


class SyncInProgress(Conflict):
    """Another sync holds the sync lock; this one was refused, not queued.

    `holder` names who holds it where the lock can tell ("host-a pid 4242", "another
    replica"), `since` when it took the lock and `expires_at` when the lock lapses unless
    its holder renews it: what an operator needs to tell a long sync from a dead holder.
    """

    def __init__(
        self,
        holder: str | None = None,
        *,
        since: datetime | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        self.holder = holder
        self.since = since
        self.expires_at = expires_at
        about = f"held by {holder}" if holder else "held"
        if since is not None:
            about += f" since {self._utc_time(since)}"
        if expires_at is not None:
            about += f", expires {self._utc_time(expires_at)}"
        about = "" if about == "held" else f" ({about})"
        super().__init__(f"another sync is running{about}; try again when it has finished")

    @staticmethod
    def _utc_time(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%H:%M:%SZ")


class SourceError(ApplicationError):
    """The country source could not give a usable answer; the stored data is unchanged."""


class SourceUnavailable(SourceError):
    """The source could not be reached, timed out, refused our key or answered an error."""


class SourceRefused(SourceUnavailable):
    """The source answers, but not to these settings (a key refused, a URL that is not a
    source, or a retired one): they are to fix, and trying again will not help."""


class SourceNotConfigured(SourceUnavailable):
    """No live source is configured (for example v5 without an API key)."""


class SourceInvalid(SourceError):
    """The source answered, but with a payload that failed validation."""


class SyncRejected(SourceError):
    """The payload was valid but applying it would lose data (too many removals, empty list)."""


class MailNotConfigured(ApplicationError):
    """No mail server is configured, so no report can be sent."""

    def __init__(self) -> None:
        super().__init__("reports are not sent: COUNTRIES_SMTP_HOST is not set")


class DeliveryFailed(ApplicationError):
    """The mail server could not be reached or refused the message."""


class MailServerUnavailable(DeliveryFailed):
    """The mail server cannot take the message now (not reached, no answer, a 4xx reply): try later."""


class CacheUnavailable(ApplicationError):
    """The shared cache could not be reached when asked to drop what it holds."""


class StorageUnavailable(ApplicationError):
    """The database cannot be reached (down, restarting, refusing connections): try again soon."""

    def __init__(self) -> None:
        super().__init__("the database cannot be reached; try again in a few seconds")


class StorageRefused(ApplicationError):
    """The database server answers but refuses us (no such database, wrong password): a setting."""


class NotReady(ApplicationError):
    """The service runs but cannot serve yet (for example: no country is stored)."""
