"""The HTTP edge: FastAPI app with health, metrics, webhooks, the JSON API and the web pages."""
