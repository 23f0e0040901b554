"""`python -m benchmarks`: the options, the run over each database, and what it writes."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import ROOT
from benchmarks.backend import run_backend
from benchmarks.figures import Options, all_pass, summarise
from benchmarks.harness import postgres_database, postgres_version
from benchmarks.load import INSTALL_WRK, pick
from benchmarks.machine import describe
from benchmarks.report import markdown
from tests.upstream import FakeRestCountries

DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="countries serve beside its ceiling"
    )
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds per scenario, server and round"
    )
    # This VM's speed wanders: more rounds, steadier medians.
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of unrecorded load first"
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed syncs and start-ups")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--baseline", type=Path, help="a --json file from an earlier run: 'before' figures"
    )
    parser.add_argument("--smoke", action="store_true", help="1 s, 1 round, SQLite, temp output")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "httpx2"), default="auto")
    return parser


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    if args.smoke:
        args.duration, args.rounds, args.warmup, args.repeats = 1.0, 1, 0.0, 1
        args.backends = "sqlite"
        if args.output == DEFAULT_OUTPUT:  # a smoke run never overwrites the committed page
            args.output = Path(tempfile.gettempdir()) / f"countries-bench-smoke-{os.getpid()}.md"
    backends = tuple(b.strip() for b in args.backends.split(",") if b.strip())
    for backend in backends:
        if backend not in BACKEND_NAMES:
            parser.error(f"unknown backend {backend!r}")
    loadgen = pick(args.loadgen)
    if loadgen == "wrk" and not shutil.which("wrk"):
        parser.error(f"wrk is not installed; install it with: {INSTALL_WRK}")
    if loadgen == "httpx2":
        print(
            f"wrk not found (install it with: {INSTALL_WRK}); "
            "falling back to benchmarks/loadgen.py (httpx2)"
        )
    print(f"load generator: {loadgen}", flush=True)
    return Options(args.duration, args.rounds, args.warmup, args.repeats, backends, loadgen)


def _run(options: Options, machine: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Summaries per database; PostgreSQL is skipped, and says why, when none answers."""
    summaries: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="countries-bench-") as tmp,
        FakeRestCountries.from_fixtures() as upstream,
    ):
        workdir = Path(tmp)
        for backend in options.backends:
            name = BACKEND_NAMES[backend]
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'countries.db'}"
                result = run_backend(backend, url, upstream.v31_url, options, workdir)
                summaries[name] = summarise(result)
                continue
            try:
                machine["postgresql"] = postgres_version()
            except RuntimeError as error:
                print(error, flush=True)
                summaries[name] = {"skipped": str(error), "scenarios": {}}
                continue
            with postgres_database() as url:
                result = run_backend(backend, url, upstream.v31_url, options, workdir)
                summaries[name] = summarise(result)
    return summaries


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 1 when any scenario had an error."""
    parser = _parser()
    args = parser.parse_args(argv)
    options = _options(parser, args)
    machine = describe(options.loadgen)
    summaries = _run(options, machine)
    command = "make bench-smoke" if args.smoke else "make bench"
    baseline = None
    if args.baseline and args.baseline.exists():
        baseline = json.loads(args.baseline.read_text())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(markdown(machine, options, summaries, baseline, command))
    print(f"wrote {args.output}")
    if args.json:
        figures = {"machine": machine, "summaries": summaries}
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"wrote {args.json}")
    if not all_pass(summaries):
        print("errors in some scenario: see the table", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
