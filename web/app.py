"""The FastAPI application served by `python app.py serve`.

Routes are thin: they call `core.service` and render. Later parts (the Slack bot, metrics,
the sandbox) mount onto the app built here.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from core.service import Service


def create_app(service: Service) -> FastAPI:
    app = FastAPI(title="MoatMetrics", docs_url=None, redoc_url=None)
    app.state.service = service

    @app.get("/health")
    def health() -> JSONResponse:
        checks: dict[str, dict] = {}
        try:
            with service.db.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks["database"] = {"ok": True, "schema_version": service.db.schema_version()}
        except Exception as exc:  # noqa: BLE001 - health reports any failure as "down"
            checks["database"] = {"ok": False, "error": type(exc).__name__}
        healthy = all(check["ok"] for check in checks.values())
        return JSONResponse({"status": "ok" if healthy else "down", "checks": checks},
                            status_code=200 if healthy else 503)

    return app
