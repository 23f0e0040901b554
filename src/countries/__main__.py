"""`python -m countries` runs the same command line as the `countries` console script."""

from countries.entrypoints.cli import main

raise SystemExit(main())
