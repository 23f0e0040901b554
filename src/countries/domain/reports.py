"""The daily report by mail: who gets which workbook, and what was delivered on which day."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import StrEnum

from countries.domain.query import CountryFilter, SortSpec
from countries.domain.text import fold, fold_code


def local_day(at: datetime, zone: tzinfo) -> date:
    """The service's day at the moment `at`: the date in its time zone (the settings').

    It dates the daily report, an export's file name (and the day its workbook is kept
    for), and the deliveries `/health` counts as today's.
    """
    return at.astimezone(zone).date()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSubscription:
    """One address that gets, every day, the workbook of its own filters and sort."""

    id: int
    email: str
    filter: CountryFilter = field(default_factory=CountryFilter)
    sort: SortSpec = field(default_factory=SortSpec)

    def sends_same_report_as(self, other: ReportSubscription) -> bool:
        """Whether `other` sends this one's mail again: the same address, filters and sort."""
        return self.report_key() == other.report_key()

    def report_key(self) -> str:
        """What tells its mail apart: equal for two subscriptions that send the same report."""
        return report_key_of(
            self.email, self.filter.as_params(), self.sort.field.value, self.sort.order.value
        )


def report_key_of(email: str, params: Mapping[str, str], sort_field: str, sort_order: str) -> str:
    """The report key of an address, its filters (as query parameters) and its sort.

    The filters are read as they are matched (`fold`): case, accents and runs of spaces
    set aside (`Åland`, ` aland `), codes in any order and form (`32` is `032`). A store
    keeps one subscription per key, so changing this changes what the stored keys mean:
    a new migration must key every stored subscription again (as 0007 did).
    """
    folded = {
        name: ",".join(sorted({fold_code(code) for code in value.split(",")}))
        if name == "codes"
        else fold(value)
        for name, value in params.items()
    }
    return json.dumps(
        [email.casefold(), sorted(folded.items()), sort_field, sort_order], ensure_ascii=False
    )


class DeliveryStatus(StrEnum):
    SENDING = "sending"  # claimed by a sender, outcome not known yet
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """The log entry of one subscription's report on one day (at most one per pair)."""

    subscription_id: int
    day: date
    status: DeliveryStatus
    attempts: int
    attempted_at: datetime
    error: str | None = None
