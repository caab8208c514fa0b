"""The test jobs (tests/jobs/fixtures.py) for every test of this package."""

from tests.jobs import fixtures

# The test jobs' fixtures (shared with tests/jobs).
probe, failing = fixtures.probe, fixtures.failing
