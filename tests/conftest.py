"""Shared pytest configuration: the fixture plugins every test package can use."""

pytest_plugins = [
    "tests.databases",  # sqlite_url, postgres_url: fresh databases per test
    "tests.upstream",  # a real loopback HTTP server that behaves like REST Countries
    "tests.redis_fixtures",  # redis_space (own key prefix), redis_process (a server to kill)
    "tests.postgres_process",  # postgres_process: a PostgreSQL server a test may stop
    "tests.mail_server",  # smtp: a real SMTP server on loopback, keeping what it receives
]
