"""A web endpoint that renders one document from posted JSON, with Flask.

    pip install advocacy-docs flask
    flask --app app run

    curl -X POST localhost:5000/render -H 'Content-Type: application/json' \
         -d @request.json -o letter.pdf

The request holds the case, the recipient and the sender as data (the same fields as their
files), and what to make: ``kind`` (default letter), ``locale``, ``format`` (default pdf),
``personal`` (the campaigner's own paragraph). A mistake in the request is a 400 that lists
every problem with its field; a broken template or translation is a 500 for whoever deployed
the service; a document made with warnings says them in the ``X-Warnings`` header.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request

import advocacy_docs as ad

app = Flask(__name__)
renderer = ad.Renderer()
renderer.warm(kinds=["letter"])  # the first request is as fast as the next ones


def _problem(status: int, error: Exception) -> Response:
    return Response(
        json.dumps({"error": str(error)}, ensure_ascii=False),
        status=status,
        mimetype="application/json",
    )


@app.post("/render")
def render() -> Response:
    """One document from the posted case, recipient and sender."""
    body: Any = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _problem(400, ValueError("send a JSON object"))
    try:
        case = ad.parse_case(body.get("case"), name="case")
        recipient = ad.parse_recipients([body["recipient"]], name="recipient")[0]
        sender = ad.parse_senders([body["sender"]], name="sender")[0]
        out = renderer.render(
            case,
            kind=body.get("kind", "letter"),
            locale=body.get("locale"),
            fmt=body.get("format", "pdf"),
            recipient=recipient,
            sender=sender,
            personal=body.get("personal"),
        )
    except KeyError as missing:
        return _problem(400, ValueError(f"the request has no {missing}"))
    except ad.InputError as error:  # the caller's mistake
        return _problem(400, error)
    except ad.AdvocacyError as error:  # the deployment's: templates, catalogs
        app.logger.error("render failed: %s", error)
        return _problem(500, error)
    response = Response(out.data, content_type=out.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    if out.warnings:
        response.headers["X-Warnings"] = json.dumps(
            [{"code": w.code, "field": w.field, "locale": w.locale} for w in out.warnings]
        )
    return response
