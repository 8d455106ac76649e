"""Campaigns: one case, hundreds of recipients, each letter in its reader's language.

See :mod:`advocacy_docs.campaign.spec` for the campaign file, :mod:`.plan` for how senders and
languages are chosen, :mod:`.runner` for how a run goes and :mod:`.manifest` for what it records.
"""

from __future__ import annotations

from .manifest import pdf_page_count
from .rows import Row, iter_rows
from .runner import Progress, Summary, print_summary, run_campaign
from .spec import CAMPAIGN_SCHEMA, Campaign, CampaignFile, load_campaign
from .worker import RendererOptions

__all__ = [
    "CAMPAIGN_SCHEMA",
    "Campaign",
    "CampaignFile",
    "Progress",
    "RendererOptions",
    "Row",
    "Summary",
    "iter_rows",
    "load_campaign",
    "pdf_page_count",
    "print_summary",
    "run_campaign",
]
