"""Benchmarks, run by `make bench` (never by `make test`): time per letter, ours versus peers.

Peer measured here: the naive WeasyPrint route, one ``HTML(string=...).write_pdf()`` per letter
with no shared state, on the very same HTML. Prints a table with ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.paths import examples_dir

TODAY = dt.date(2026, 11, 27)


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up: imports, font loading, template compilation
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    ex = examples_dir()
    assert ex is not None
    case = load_case(ex / "cases" / "khamroev.yaml")
    recipient = load_recipients(ex / "recipients" / "officials.yaml")[0]
    sender = load_senders(ex / "senders" / "campaigner.yaml")[0]
    renderer = Renderer()
    kw = dict(kind="letter", recipient=recipient, sender=sender, today=TODAY)

    doc, _ = renderer.document(case, **kw)  # type: ignore[arg-type]
    css = [Path(p).read_text(encoding="utf-8") for p in doc.stylesheets]

    def naive_pdf() -> bytes:
        import weasyprint

        sheets = [weasyprint.CSS(string=c) for c in css]
        return bytes(weasyprint.HTML(string=doc.html).write_pdf(stylesheets=sheets))

    rows: list[tuple[str, list[float]]] = []
    for fmt in ("txt", "html", "docx", "pdf"):
        rows.append(
            (
                f"ours: letter → {fmt}",
                _time(lambda f=fmt: renderer.render(case, fmt=f, **kw), args.repeat),
            )
        )  # type: ignore[misc,arg-type]
    rows.append(("naive WeasyPrint write_pdf (same HTML)", _time(naive_pdf, args.repeat)))

    print(f"{'benchmark':<42} {'median ms':>10} {'min ms':>8}")
    for name, times in rows:
        print(f"{name:<42} {statistics.median(times) * 1000:>10.1f} {min(times) * 1000:>8.1f}")
    ours = statistics.median(rows[3][1])
    naive = statistics.median(rows[4][1])
    print(
        f"\nPDF per letter: naive / ours = {naive / ours:.2f}× "
        f"(ours includes templating and localization; naive only lays out the HTML)"
    )


if __name__ == "__main__":
    main()
