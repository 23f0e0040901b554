"""How the adapter tests retry the loopback REST Countries: at once, and without a tight deadline."""

from __future__ import annotations

from countries.adapters.restcountries.retry import RetryPolicy

# Quick retries; the deadline only bounds a test that goes wrong (a CI run once stalled a
# three-page fetch for 8 s, past the 3 s this was). The deadline tests set their own.
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, deadline=30.0)
