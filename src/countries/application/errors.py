"""Errors the use cases raise; the HTTP problem handlers and the CLI map these, never adapter errors."""


class ApplicationError(Exception):
    """Base of every error an entrypoint is expected to report to its user."""


class NotFound(ApplicationError):
    """The thing asked for does not exist (or is not visible)."""


class Conflict(ApplicationError):
    """The request clashes with the current state."""


class SyncInProgress(Conflict):
    """Another sync holds the sync lock; this one was refused, not queued."""

    def __init__(self) -> None:
        super().__init__("a sync is already running; try again when it has finished")


class SourceError(ApplicationError):
    """The country source could not give a usable answer; the stored data is unchanged."""


class SourceUnavailable(SourceError):
    """The source could not be reached, timed out, refused our key or answered an error."""


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


class StorageUnavailable(ApplicationError):
    """The database cannot be reached (down, restarting, refusing connections): try again soon."""

    def __init__(self) -> None:
        super().__init__("the database cannot be reached; try again in a few seconds")


class NotReady(ApplicationError):
    """The service runs but cannot serve yet (for example: no country is stored)."""
