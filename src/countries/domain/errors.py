"""Errors raised by domain rules."""


class DomainError(Exception):
    """Base of every rule the domain enforces."""


class TooManyRemovals(DomainError):
    """A sync would retire more of the known countries than a sync may."""

    def __init__(self, removing: int, known: int, limit: int) -> None:
        super().__init__(
            f"the source no longer lists {removing} of {known} known countries; "
            f"a sync may retire at most {limit}, so nothing was changed"
        )
        self.removing = removing
        self.known = known
        self.limit = limit


class EmptyPayload(DomainError):
    """The source answered with no countries at all."""

    def __init__(self) -> None:
        super().__init__("the source listed no countries, so nothing was changed")
