"""The daily report by mail: who gets which workbook, and what was delivered on which day."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from enum import StrEnum

from countries.domain.query import CountryFilter, SortSpec


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
        """What tells its mail apart: equal for two subscriptions that send the same report.

        The address, filters and sort, read as they are matched: ignoring case (`Europe`
        is `europe`) and runs of spaces (`south  america `), codes in any order; accents
        are kept, since an exact `full_name` tells them apart. A store keeps one
        subscription per key.
        """
        params = {
            name: ",".join(sorted(value.upper().split(",")))
            if name == "codes"
            else " ".join(value.casefold().split())
            for name, value in self.filter.as_params().items()
        }
        key = [self.email.casefold(), sorted(params.items()), self.sort.field, self.sort.order]
        return json.dumps(key, ensure_ascii=False)


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
