# syntax=docker/dockerfile:1
# The countries service as an image: README.md, "Deploying". compose.yaml runs it.

# Stage 1: build the wheel from the source tree (pip fetches the build backend, hatchling).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE NOTICE ./
COPY src ./src
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

# Stage 2: that wheel and its dependencies at the versions the suite ran with
# (constraints.txt), no compiler and no source tree.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    COUNTRIES_HOST=0.0.0.0 \
    COUNTRIES_PORT=8000
COPY constraints.txt /tmp/constraints.txt
COPY --from=build /dist/ /tmp/dist/
RUN pip install --no-cache-dir -c /tmp/constraints.txt /tmp/dist/*.whl \
    && rm -rf /tmp/dist /tmp/constraints.txt \
    && useradd --system --user-group --uid 10001 --create-home --home-dir /var/lib/countries countries
# Not root, and numeric so a runtime can tell it is not 0. The default SQLite file
# (sqlite:///./countries.db) lands in its home, which a volume may keep; compose.yaml
# points COUNTRIES_DATABASE_URL at PostgreSQL instead.
USER 10001:10001
WORKDIR /var/lib/countries
EXPOSE 8000
# Readiness, as a load balancer asks (README.md, "Health: `GET /health`"): a 503 (no
# data yet, the database unreachable) or no answer fails it. Python's urllib: nothing extra.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('COUNTRIES_PORT', '8000'), timeout=4)"]
CMD ["countries", "serve"]
