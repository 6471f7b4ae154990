"""``GET /web/health``: is the server up (used by load balancers and tests)."""

from __future__ import annotations

import json

from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from core.web.app import RequestContext, Route


def health(ctx: RequestContext) -> Response:
    return Response(json.dumps({"status": "pass"}), content_type="application/json")


ROUTES = [Rule("/web/health", endpoint=Route(health, auth="none"), methods=["GET", "HEAD"])]
