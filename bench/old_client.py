"""Can an analyst's older DuckDB read the warehouse? Opens it read-only with another DuckDB version (1.5.0 by
default: what analysts' tools bundle) in its own virtualenv, reads every table and view whole, and
searches with `search_articles`.

    python bench/old_client.py WAREHOUSE.duckdb [--duckdb 1.5.0]

The virtualenv is made once under the temp folder (pip installs duckdb==VERSION from PyPI). Prints, for each
table and view, its row count as the old version reads it; exits 1 if any cannot be read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PROBE = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
names = con.execute("select table_name from duckdb_tables() where database_name = current_database() union all "
                    "select view_name from duckdb_views() where not internal and database_name = current_database() "
                    "order by 1").fetchall()
failed = 0
for (name,) in names:
    try:
        # every column read and rendered (as text: no Python time-zone module needed in that venv)
        rows, chars = con.execute(f'select count(*), sum(length(CAST(t AS VARCHAR))) from "{name}" t').fetchone()
        print(f"{name}: {rows} rows, {chars or 0} characters")
    except Exception as e:
        failed += 1
        print(f"{name}: CANNOT READ: {e}")
try:
    hits = con.execute("select count(*) from search_articles('killed')").fetchone()[0]
    print(f"search_articles('killed'): {hits} articles")
except Exception as e:
    failed += 1
    print(f"search_articles: CANNOT RUN: {e}")
print(f"duckdb {duckdb.__version__}: {len(names) - failed} of {len(names)} tables and views read")
sys.exit(1 if failed else 0)
"""


def old_duckdb(version: str) -> Path:
    """The python of a virtualenv holding duckdb==version (made on first use)."""
    venv = Path(tempfile.gettempdir()) / f"sitrep-eval/duckdb-{version}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"duckdb=={version}"], check=True)
    return python


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path, help="the warehouse file (close every writer first)")
    ap.add_argument("--duckdb", default="1.5.0", help="the DuckDB version to read it with")
    a = ap.parse_args()
    return subprocess.run([str(old_duckdb(a.duckdb)), "-c", PROBE, str(a.db)]).returncode


if __name__ == "__main__":
    sys.exit(main())
