"""When the flows run, in one place: `sitrep serve` schedules these, prefect.yaml repeats them for
`prefect deploy` (tests/test_schedule.py keeps the two the same)."""

INGEST_CRON = "*/15 * * * *"  # ingest every 15 minutes
MAINTENANCE_CRON = "30 3 * * *"  # maintenance daily at 03:30
TIMEZONE = "UTC"
