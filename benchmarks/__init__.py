"""The benchmark: `countries serve` beside a ceiling on the same server stack, side by side.

    make bench          # every scenario, several rounds, SQLite and PostgreSQL -> docs/performance.md
    make bench-smoke    # ~1 s per scenario, one round, SQLite only; fails on any error

Both run `python -m benchmarks` from the repository root, which is what lets the
benchmark import the REST Countries stand-in as `tests.upstream`. What it does, per
database:

1. starts the stand-in, migrates a fresh database (a new SQLite file, or a uniquely named
   PostgreSQL database it creates and drops) with `python -m countries db upgrade`, as the
   deploy step does (compose.yaml), then starts `python -m countries serve --port P` on it,
   synced from the stand-in's /v3.1 (`harness`);
2. fetches every scenario's URL from the service once and starts the ceiling
   (`ceiling`: a bare ASGI callable answering those very bytes and headers, under uvicorn
   with the same loop and HTTP parser), then checks both answer alike (`backend`);
3. loads both with wrk (or, without wrk, `loadgen` in its own process), alternating
   service and ceiling, several rounds (`load`); times syncs and start-up (`timings`);
   reads the server's resident memory from /proc;
4. loads the scenarios of the next targets beside their own ceilings: new URLs on every
   request (`distinct`, `urls.lua`) beside `computed` (the dataset in memory, the domain's
   query, orjson; `computed_run`), gzip and br answers beside a ceiling replaying the
   service's own compressed bytes (`compression`), then on servers of their own
   `--workers 1` beside `--workers 2` and the memory after distinct URLs (`workers`);
5. judges the figures against their targets (`targets`, each with where it comes from)
   and writes them as markdown (`report`, `report_next`).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
