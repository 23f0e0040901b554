"""Redis for the tests: the machine's server, and throwaway servers a test may kill.

Each test gets its own key prefix on the server named by `COUNTRIES_TEST_REDIS_URL` and
deletes its keys afterwards, so runs never see each other's data. Where no Redis
answers, the tests skip with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
import redis.asyncio as redis

from countries.adapters.redis_store import make_redis_client
from tests.ports import free_port


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Redis is required under CI=true: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class RedisSpace:
    """A Redis server and a key prefix no other test uses."""

    url: str
    prefix: str
    client: redis.Redis


@pytest.fixture
async def redis_space() -> AsyncIterator[RedisSpace]:
    url = os.environ.get("COUNTRIES_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = make_redis_client(url)
    try:
        await client.ping()
    except (OSError, redis.RedisError) as error:
        await client.aclose()
        _unavailable(f"no Redis at {url}: {error}")
    prefix = f"countries-test:{uuid.uuid4().hex}:"
    yield RedisSpace(url=url, prefix=prefix, client=client)
    async for key in client.scan_iter(match=prefix + "*"):
        await client.delete(key)
    await client.aclose()


def _spawn(binary: str, port: int) -> subprocess.Popen[bytes]:
    """A redis-server on `port`, once it accepts connections (5 s at most)."""
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.02)
    return process


@dataclass
class RedisProcess:
    """A redis-server of the test's own, on its own port, that the test may stop and restart."""

    port: int
    process: subprocess.Popen[bytes]
    binary: str = "redis-server"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def restart(self) -> None:
        """Start it again on the same port (empty: it keeps nothing)."""
        self.stop()
        self.process = _spawn(self.binary, self.port)


@pytest.fixture
def redis_process() -> Iterator[RedisProcess]:
    binary = shutil.which("redis-server")
    if binary is None:
        _unavailable("redis-server is not installed")
        raise AssertionError("unreachable")
    port = free_port()
    server = RedisProcess(port, _spawn(binary, port), binary)
    yield server
    server.stop()
