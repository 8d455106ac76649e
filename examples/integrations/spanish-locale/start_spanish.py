"""Start a Spanish (es) translation from the installed advocacy-docs package, fill in a few
messages and preview the appeal letter with the untranslated texts marked.

Needs nothing but the installed package: no clone, no babel.cfg. Run it as

    python start_spanish.py --workdir my-translation
    python start_spanish.py --advocacy-docs /path/to/venv/bin/advocacy-docs --workdir DIR

It writes DIR/locales/es/ (the catalog and locale.toml) and DIR/preview/ (HTML and PDF).
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

# A few messages of the letter, as a translator would write them in Poedit or Weblate.
TRANSLATIONS = {
    "Appeal letter": "Carta de llamamiento",
    "Appeal for the release of %(name_gen)s": "Llamamiento por la liberación de %(name_gen)s",
    "%(place)s, %(today)s": "%(place)s, %(today)s",
    "Dear Sir or Madam,": "Estimado señor o señora:",
    "I therefore respectfully urge you to:": "Por ello, le ruego respetuosamente que:",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--advocacy-docs",
        metavar="COMMAND",
        help="the advocacy-docs command to run (default: this Python's installed package)",
    )
    parser.add_argument("--workdir", default=".", type=Path, help="where to work; default: here")
    args = parser.parse_args()
    command = (
        shlex.split(args.advocacy_docs)
        if args.advocacy_docs
        else [sys.executable, "-m", "advocacy_docs"]
    )
    locales = args.workdir / "locales"
    folder = ["--locales-dir", str(locales)]

    def run(*argv: str, check: bool = True) -> int:
        print("$ advocacy-docs", " ".join(argv), flush=True)
        return subprocess.run([*command, *argv], check=check).returncode

    catalog_path = locales / "es" / "LC_MESSAGES" / "advocacy_docs.po"
    if not catalog_path.exists():
        run("i18n", "init", "es", *folder)

    # Fill in the translations (a translator's tool does this).
    with open(catalog_path, "rb") as fh:
        catalog = read_po(fh)
    for msgid, text in TRANSLATIONS.items():
        message = catalog.get(msgid)
        if message is None:
            print(f"not in the template any more: {msgid!r}", file=sys.stderr)
            continue
        message.string = text
    with open(catalog_path, "wb") as fh:
        write_po(fh, catalog, width=76)

    run("i18n", "update", *folder)  # the catalog in the tool's own layout again
    run("i18n", "check", "es", *folder)
    run("i18n", "status", *folder)  # es is incomplete: exit 0 without --strict
    run("i18n", "preview", "es", *folder, "--format", "html,pdf",
        "-o", str(args.workdir / "preview"))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
