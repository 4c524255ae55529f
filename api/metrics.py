"""HTTP metrics: request count and latency by route template, for Prometheus."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTTP_REQUESTS = Counter("runcoach_http_requests_total", "HTTP requests handled",
                        ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "runcoach_http_request_duration_seconds", "HTTP request latency by route", ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0))


class MetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware): it must not buffer bodies or break streaming."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            # The route template, not the raw path: ids in paths would explode the label set.
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            HTTP_REQUESTS.labels(method, template, str(status)).inc()
            HTTP_LATENCY.labels(method, template).observe(time.perf_counter() - started)

# Webhooks from third parties (Strava, Telegram), by source and what became of each event.
WEBHOOK_EVENTS = Counter("runcoach_webhook_events_total", "Webhook events received",
                         ["source", "outcome"])
WEBHOOK_LATENCY = Histogram(
    "runcoach_webhook_duration_seconds", "Time to acknowledge a webhook event", ["source"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0))
