"""Make an SQLite table of cases from case files, to try nightly.py on.

python seed.py cases.sqlite case.yaml [case.yaml ...]
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import yaml


def main(argv: list[str]) -> int:
    """Write one row per case file (id, the case as JSON, no photo)."""
    database, *files = argv
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE IF NOT EXISTS cases (id TEXT PRIMARY KEY, data TEXT, photo BLOB)")
        for file in files:
            data = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
            db.execute(
                "INSERT OR REPLACE INTO cases VALUES (?, ?, NULL)",
                (data["id"], json.dumps(data, default=str, ensure_ascii=False)),
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
