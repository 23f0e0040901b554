"""An adapter's failure in words: one short line, for a log line, a problem or a command's output."""

from __future__ import annotations

_LONGEST = 200


def summary(error: BaseException) -> str:
    """The error on one short line: its type and the first line of its message.

    "ConnectError: [Errno -2] Name or service not known" says what to check; the type's
    name alone does not. Drivers' and the OS's messages name a host and port at most,
    never a password.
    """
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else ""
    if not text and isinstance(error, TimeoutError):  # asyncpg's and asyncio's say nothing
        text = "no answer in time"
    if len(text) > _LONGEST:
        text = text[: _LONGEST - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def summary_of_cause(error: BaseException) -> str:
    """`summary`, read from the error at the root of its chain when it has one.

    httpx2 says "ConnectError: All connection attempts failed" whatever the cause; the
    OS's own error, at the root, says which ("ConnectionRefusedError: [Errno 111] …",
    "gaierror: [Errno -2] Name or service not known").
    """
    root = error
    for _ in range(8):  # a bound against a cycle
        cause = _cause_of(root)
        if cause is None:
            break
        root = cause
    return summary(error) if root is error else f"{type(error).__name__}: {summary(root)}"


def _cause_of(error: BaseException) -> BaseException | None:
    """What `error` was raised from: its cause, or the error it was raised while handling.

    Raised `from None`, that context was hidden on purpose, unless the error carries it
    as its argument, as httpcore's ConnectError carries the OSError it wraps.
    """
    if error.__cause__ is not None:
        return error.__cause__
    context = error.__context__
    if context is None or (
        error.__suppress_context__ and all(a is not context for a in error.args)
    ):
        return None
    return context
