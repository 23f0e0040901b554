"""The service's version: the one in pyproject.toml, read from the installed distribution."""

from importlib.metadata import version

# The name on PyPI (README.md, "Deploying"); the import package is `countries`.
DISTRIBUTION = "countries-service"

SERVICE_VERSION = version(DISTRIBUTION)
