"""`runcoach serve`: the web page, JSON API, webhooks, the bot and (unless told not to) a worker."""

from __future__ import annotations

import asyncio
import logging

import typer

from runcoach.cli.common import load

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
        port: int = typer.Option(8000, "--port", help="TCP port."),
        no_worker: bool = typer.Option(False, "--no-worker",
                                       help="Don't run a job worker in this process."),
    ) -> None:
        """Serve the web page, JSON API, webhooks and the Telegram bot."""
        import uvicorn

        from runcoach.bootstrap import bootstrap
        from runcoach.jobs import start_background_worker
        from runcoach.metrics_jobs import start_job_metrics

        settings = load()

        async def run() -> None:
            runtime = await bootstrap(settings)
            job_metrics = start_job_metrics(runtime)
            worker = None
            try:
                if not no_worker:
                    worker = start_background_worker(runtime, settings.worker_concurrency)
                api = runtime.api()
                config = uvicorn.Config(api, host=host, port=port, log_config=None,
                                        proxy_headers=True, forwarded_allow_ips="*",
                                        timeout_graceful_shutdown=15)
                server = uvicorn.Server(config)
                log.info("RunCoach serving on http://%s:%s (telegram: %s, worker: %s)", host, port,
                         settings.telegram_mode, "off" if no_worker else "on")
                await server.serve()
            finally:
                for task in (job_metrics, worker):
                    if task is not None:
                        task.cancel()
                        await asyncio.gather(task, return_exceptions=True)
                await runtime.aclose()

        asyncio.run(run())

    @app.command()
    def worker(
        concurrency: int = typer.Option(0, "--concurrency",
                                        help="Jobs run at once (default: WORKER_CONCURRENCY)."),
    ) -> None:
        """Run a job worker (many may run, on many machines)."""
        from prometheus_client import start_http_server

        from runcoach.bootstrap import bootstrap
        from runcoach.jobs import run_worker
        from runcoach.metrics_jobs import start_job_metrics

        settings = load()

        async def run() -> None:
            runtime = await bootstrap(settings, with_bot=False)
            if settings.worker_metrics_port is not None:
                start_http_server(settings.worker_metrics_port)
            job_metrics = start_job_metrics(runtime)
            try:
                log.info("RunCoach worker started (metrics: %s)",
                         settings.worker_metrics_port or "off")
                await run_worker(runtime, concurrency=concurrency or settings.worker_concurrency)
            finally:
                job_metrics.cancel()
                await asyncio.gather(job_metrics, return_exceptions=True)
                await runtime.aclose()

        asyncio.run(run())
