"""The FastAPI application: one factory, state on `app.state`, routers from `server.api.routes`."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

import app as client_app
from server.accounts import TokenCache
from server.api import errors
from server.api.access_log import AccessLog
from server.api.body_limit import BodyLimit
from server.api.client_version import ClientVersionGate
from server.api.routes import (
    auth,
    blobs,
    catalogue,
    codes,
    conflicts,
    devices,
    draws,
    health,
    imports,
    public,
    signals,
    sync,
)
from server.blobs import LocalBlobStorage
from server.core.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.signing import KeyRing
from server.sync.push_writer import PushWriter
from server.sync.replica import PullReader
from server.sync.snapshot import Snapshots
from server.throttle import LoginThrottle

GZIP_LEVEL = 1  # a pull page of JSON shrinks 8x at 1/6 of level 9's CPU (level 5: 10x at 1.6x the CPU of 1)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (from the environment by default); the database is migrated on start."""
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url, settings.pool_size, settings.db_pool_timeout)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        upgrade(engine)
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads  # the pool's match
        yield
        engine.dispose()
        _app.state.pull_reader.dispose()
        _app.state.snapshots.close()

    api = FastAPI(title="Field Inspector server 卫监外勤服务端", version=client_app.__version__, lifespan=lifespan)
    api.state.settings = settings
    api.state.engine = engine
    api.state.sessions = make_sessionmaker(engine)
    api.state.pull_reader = PullReader(api.state.sessions, settings)  # a replica's pages when configured
    api.state.snapshots = Snapshots(
        api.state.sessions,
        settings.snapshot_dir,
        settings.snapshot_min_changes,
        settings.snapshot_refresh_changes,
        settings.max_pull_bytes,
    )
    api.state.keys = KeyRing.load_or_create(settings.key_dir)
    api.state.blobs = LocalBlobStorage(settings.blob_dir)
    api.state.write_lock = threading.Lock()
    api.state.push_writer = PushWriter(api.state.write_lock)  # pushes queued for the lock are written together
    api.state.tokens = TokenCache(api.state.sessions, settings.token_recheck_seconds)
    api.state.throttle = LoginThrottle()
    api.state.password_slots = asyncio.Semaphore(settings.password_slots)
    api.state.writer_slots = asyncio.Semaphore(settings.writer_slots)  # the rest wait on the loop, holding no thread
    api.state.reader_slots = asyncio.Semaphore(settings.reader_slots)  # pulls, likewise
    errors.install(api)
    for module in (health, auth, sync, blobs, codes, conflicts, devices, imports, catalogue, public, draws, signals):
        api.include_router(module.router)
    api.add_middleware(AccessLog)
    larger = {imports.PREFIX: max(settings.max_request_bytes, imports.MAX_FILE_BYTES)}  # a district's export
    api.add_middleware(BodyLimit, limit=settings.max_request_bytes, larger=larger)
    api.add_middleware(ClientVersionGate, minimum=settings.min_client_version)
    api.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL)  # big bodies on its own threads
    return api
