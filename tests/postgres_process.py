"""A PostgreSQL server of the test's own, that the test may stop and start again.

The shared server (`tests.databases`) must never be stopped: outage tests use this one,
a throwaway cluster in a temporary directory on a free port. PostgreSQL refuses to run
as root, so as root the cluster belongs to the `postgres` user and its commands run as
that user. Where the binaries are missing, the tests skip with the reason, except under
CI=true, where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ports import free_port


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"a PostgreSQL server of the test's own is required under CI=true: {reason}")
    pytest.skip(reason)


def _binaries() -> Path | None:
    """The directory of initdb and pg_ctl: on the PATH, else Debian's versioned directory."""
    found = shutil.which("pg_ctl")
    if found is not None:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(versions[0]).parent if versions else None


@dataclass
class PostgresProcess:
    """A cluster in `directory`, listening on 127.0.0.1:`port`, with a `postgres` superuser."""

    binaries: Path
    directory: Path
    port: int
    run_as: str | None  # the user the server runs as when we are root

    @property
    def url(self) -> str:
        """A plain URL of its `postgres` database (the service picks the async driver)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def running(self) -> bool:
        status = self._pg_ctl("status", check=False)
        return status.returncode == 0

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = self.directory / "server.log"
        self._pg_ctl("start", "-w", "-t", "30", "-o", options, "-l", str(log))

    def stop(self) -> None:
        """Stop it at once (`fast`: open connections are cut, as in a crash or a restart)."""
        self.thaw()
        if self.running:
            self._pg_ctl("stop", "-w", "-t", "30", "-m", "fast")

    def freeze(self) -> None:
        """Halt every process of the server where it stands (SIGSTOP).

        Its connections stay open and nothing answers on them, nor on new ones: a server
        that hangs, or a host whose network drops every packet.
        """
        for pid in self._processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen server run again (SIGCONT); nothing for one that runs."""
        for pid in self._processes():
            os.kill(pid, signal.SIGCONT)

    def _processes(self) -> list[int]:
        """The postmaster and its children (the backends and background workers)."""
        pid_file = self.directory / "data" / "postmaster.pid"
        if not pid_file.exists():
            return []
        postmaster = int(pid_file.read_text().split()[0])
        children = [pid for pid in _all_pids() if _parent_of(pid) == postmaster]
        return [postmaster, *children]

    def _pg_ctl(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        command = [str(self.binaries / "pg_ctl"), "-D", str(self.directory / "data"), *arguments]
        return _run(command, self.run_as, check=check)


def _run(
    command: list[str], run_as: str | None, *, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    if run_as is not None:
        command = ["runuser", "-u", run_as, "--", *command]
    return subprocess.run(command, check=check, capture_output=True, timeout=60)


def _all_pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone meanwhile
        return None
    # "pid (command) state ppid ...": the command may hold spaces and parentheses.
    return int(stat.rpartition(")")[2].split()[1])


def _owner() -> str | None:
    """None when we may run PostgreSQL ourselves; else the user to run it as."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        _unavailable("running as root and there is no `postgres` user to run PostgreSQL as")
    return "postgres"


@pytest.fixture
def postgres_process() -> Iterator[PostgresProcess]:
    """A fresh cluster, started; stopped and deleted after the test."""
    binaries = _binaries()
    if binaries is None:
        _unavailable("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
        raise AssertionError("unreachable")
    run_as = _owner()
    directory = Path(tempfile.mkdtemp(prefix="countries-pg-"))
    if run_as is not None:
        account = pwd.getpwnam(run_as)
        os.chown(directory, account.pw_uid, account.pw_gid)
    server = PostgresProcess(binaries, directory, free_port(), run_as)
    try:
        initdb = [str(binaries / "initdb"), "-D", str(directory / "data"), "-U", "postgres"]
        _run([*initdb, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], run_as)
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
