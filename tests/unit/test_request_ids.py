"""The request ids the service makes: what README.md promises (32 hex digits, uuid4 form)."""

from __future__ import annotations

import uuid

from countries.entrypoints.http.observability import RequestIds


def test_a_made_request_id_is_in_version_4_uuid_form_and_never_repeats() -> None:
    made = [RequestIds().new() for _ in range(100)]  # each app (worker) its own ids
    ids = RequestIds()
    made += [ids.new() for _ in range(10_000)]

    assert len(set(made)) == len(made)
    for request_id in made:
        assert len(request_id) == 32
        parsed = uuid.UUID(request_id.decode())
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
