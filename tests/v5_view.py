"""What of a country v5 can carry: the same record without what the v5 API does not give."""

from __future__ import annotations

from dataclasses import replace

from countries.domain.model import Country
from countries.domain.record import CoatOfArms, Idd


def as_v5_carries_it(country: Country) -> Country:
    """`country` without what v5 does not give: the idd's root and suffixes, the coat of arms."""
    lacking = replace(country.details, idd=Idd(), coat_of_arms=CoatOfArms())
    return replace(country, details=lacking)
