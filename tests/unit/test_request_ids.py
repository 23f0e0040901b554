"""The request ids the service makes: what README.md promises (a uuid4, as 32 hex digits)."""

from __future__ import annotations

import uuid

from countries.entrypoints.http.observability import _new_request_id


def test_a_made_request_id_is_a_version_4_uuid_in_hex_and_never_repeats() -> None:
    made = [_new_request_id() for _ in range(10_000)]
    assert len(set(made)) == len(made)
    for request_id in made:
        assert len(request_id) == 32
        parsed = uuid.UUID(request_id.decode())
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
