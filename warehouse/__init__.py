"""The DuckDB warehouse: migrations, the spool of batches waiting to load, loading, and reading state."""
