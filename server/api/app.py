"""The FastAPI application: one factory, state on `app.state`, routers from `server.api.routes`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

import app as client_app
from server.api import errors
from server.api.body_limit import BodyLimit
from server.api.routes import auth, blobs, codes, health, public, sync
from server.blobs import LocalBlobStorage
from server.core.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.signing import KeyRing

log = logging.getLogger("server.access")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (from the environment by default); the database is migrated on start."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        upgrade(engine)
        yield
        engine.dispose()

    api = FastAPI(title="Field Inspector server 卫监外勤服务端", version=client_app.__version__, lifespan=lifespan)
    api.state.settings = settings
    api.state.engine = engine
    api.state.sessions = make_sessionmaker(engine)
    api.state.keys = KeyRing.load_or_create(settings.key_dir)
    api.state.blobs = LocalBlobStorage(settings.blob_dir)
    api.state.write_lock = threading.Lock()
    errors.install(api)
    for module in (health, auth, sync, blobs, codes, public):
        api.include_router(module.router)
    api.middleware("http")(_access_log)
    api.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    return api


async def _access_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    start = time.perf_counter()
    response = await call_next(request)
    fields = {
        "method": request.method,
        "path": request.url.path,
        "status": response.status_code,
        "ms": round((time.perf_counter() - start) * 1000, 1),
    }
    log.info("request", extra={"fields": fields})
    return response
