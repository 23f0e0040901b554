"""Every port the use cases depend on: `typing.Protocol`s implemented by the adapters.

I/O methods are coroutines. Read and write sides are split: `CountryReader` serves the
read routes; repositories inside a `UnitOfWork` serve sync and the write routes.
`storage` holds the ports of the data the service keeps, `outside` those of what it talks
to; both are imported from here.
"""

from countries.application.ports.outside import (
    Clock,
    CountrySource,
    MailAttachment,
    Mailer,
    OutgoingMail,
    PayloadCache,
    SyncLock,
    VersionPublisher,
    WorkbookMeta,
    WorkbookWriter,
)
from countries.application.ports.storage import (
    ActivityRepository,
    CountryReader,
    CountryRepository,
    DeliveryLog,
    SubscriptionRepository,
    SyncStateRepository,
    UnitOfWork,
)

__all__ = [
    "ActivityRepository",
    "Clock",
    "CountryReader",
    "CountryRepository",
    "CountrySource",
    "DeliveryLog",
    "MailAttachment",
    "Mailer",
    "OutgoingMail",
    "PayloadCache",
    "SubscriptionRepository",
    "SyncLock",
    "SyncStateRepository",
    "UnitOfWork",
    "VersionPublisher",
    "WorkbookMeta",
    "WorkbookWriter",
]
