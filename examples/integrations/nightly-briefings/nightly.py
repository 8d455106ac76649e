"""Every night: the briefing of every case in an SQLite table, in every language it has.

    python nightly.py cases.sqlite briefings/ --sender senders.yaml#our-ngo [--today 2026-12-01]

The table ``cases`` holds one row per case: ``id``, ``data`` (the case as JSON, with NULL where
a field is unknown) and ``photo`` (the photo's bytes, or NULL). Files whose bytes did not change
since the last night are left untouched, so that what syncs the folder sends only what changed.
A case that does not validate is reported with every problem, and the others are still made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import advocacy_docs as ad


def main(argv: list[str] | None = None) -> int:
    """Render the briefings; exit 1 if any case failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--sender", required=True, help="FILE#ID: who signs the briefings")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    file, _, sender_id = args.sender.partition("#")
    sender = next(s for s in ad.load_senders(file) if s.id == sender_id or not sender_id)

    renderer = ad.Renderer()
    locales = renderer.kinds()["briefing"].locales or renderer.locales()
    renderer.warm(kinds=["briefing"], locales=locales)
    written = unchanged = failed = 0
    with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT id, data, photo FROM cases ORDER BY id").fetchall()
    for case_id, data, photo in rows:
        try:
            case = ad.parse_case(json.loads(data), name=f"cases/{case_id}", photo=photo)
        except ad.ValidationFailed as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        for locale in locales:
            out = renderer.render(
                case, kind="briefing", locale=locale, fmt="pdf", sender=sender, today=args.today
            )
            saved = out.save(args.output / case_id, only_if_changed=True)
            written += saved.written
            unchanged += not saved.written
            for warning in out.warnings:
                print(f"{case_id} {locale}: {warning.code}: {warning}", file=sys.stderr)
    print(f"{written} written, {unchanged} unchanged, {failed} cases failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
