"""``advocacy-docs campaign`` as the CLI runs it, with the run's Summary as JSON on stdout.

The benchmark needs the CPU time of the campaign's workers, which only the campaign's main
process knows: the workers start from a fork server, so they are not its children, and nobody
outside sees their CPU time once they have exited. The CLI module is imported first, so that
starting this costs what starting ``advocacy-docs campaign`` costs.

Usage: ``python bench/campaign_cli.py CAMPAIGN OUT_DIR WORKERS``
"""

from __future__ import annotations

import json
import sys

import advocacy_docs.cli  # noqa: F401 - the CLI's own imports, paid as a user pays them
from advocacy_docs.campaign import RendererOptions, print_summary, run_campaign


def main() -> int:
    """Run the campaign as ``advocacy-docs campaign --quiet`` does; print the Summary as JSON."""
    campaign, out_dir, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    summary = run_campaign(campaign, out_dir, workers=workers, options=RendererOptions())
    print_summary(summary, sys.stderr)
    record = {
        "rendered": summary.rendered,
        "documents": summary.documents,
        "failed": summary.failed,
        "exit_code": summary.exit_code,
        "seconds": summary.seconds,
        "cpu_seconds": summary.cpu_seconds,
        "worker_cpu_seconds": summary.worker_cpu_seconds,
    }
    json.dump(record, sys.stdout)
    return summary.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
