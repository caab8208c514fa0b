"""Scheduled background jobs (APScheduler): one module per job, a registry, the runner that records
every run in job_runs, and the election that keeps them to one process."""
