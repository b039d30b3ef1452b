"""Prefect flows (ingest) and the `sitrep` command line."""
