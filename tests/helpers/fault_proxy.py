"""A small fault-injecting TCP proxy on loopback (Toxiproxy's fault kinds, seeded), run in a background thread.

Each request (a burst of client bytes after the last answer) draws a fault from a seeded Random:
`pass`, `delay` (hold the request a while), `drop` (close before forwarding), `reset` (forward part of the request,
then reset both sides), `cut_answer` (forward the request, drop the connection before the answer reaches the client)
and `duplicate` (forward it, and replay the same bytes on a second upstream connection once the answer starts).
`budget` cuts every connection once that many request bytes have gone upstream (a half-way upload).
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from dataclasses import dataclass, field

FAULTS = ("pass", "delay", "drop", "reset", "cut_answer", "duplicate")


@dataclass
class FaultPlan:
    seed: int = 0
    weights: dict[str, float] = field(default_factory=lambda: {"pass": 1.0})
    max_delay: float = 0.05
    budget: int | None = None  # total request bytes forwarded before every connection is cut

    def rng(self) -> random.Random:
        return random.Random(self.seed)


class FaultProxy:
    def __init__(self, upstream_port: int, plan: FaultPlan | None = None) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or FaultPlan()
        self.rng = self.plan.rng()
        self.bytes_up = 0  # request bytes forwarded to the server
        self.faults: list[str] = []
        self._connections: set[_Connection] = set()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop)
        self._server = future.result(5)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def set_plan(self, plan: FaultPlan) -> None:
        self._loop.call_soon_threadsafe(self._set_plan, plan)

    def _set_plan(self, plan: FaultPlan) -> None:
        self.plan, self.rng, self.bytes_up = plan, plan.rng(), 0

    def stop(self) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            for conn in list(self._connections):
                conn._close(reset=True)
            await asyncio.sleep(0.05)  # let the aborted transports finish closing before the loop stops

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _draw(self) -> str:
        kinds = list(self.plan.weights)
        fault = self.rng.choices(kinds, weights=[self.plan.weights[k] for k in kinds])[0]
        self.faults.append(fault)
        return fault

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            _reset(client_w)
            return
        conn = _Connection(self, client_r, client_w, up_r, up_w)
        self._connections.add(conn)
        try:
            await conn.run()
        finally:
            self._connections.discard(conn)


class _Connection:
    def __init__(self, proxy: FaultProxy, client_r, client_w, up_r, up_w) -> None:
        self.proxy = proxy
        self.client_r, self.client_w, self.up_r, self.up_w = client_r, client_w, up_r, up_w
        self.request = bytearray()  # the current request's bytes, for `duplicate`
        self.fault = "pass"
        self.answered = True  # an answer began since the last request bytes: the next bytes start a new request
        self.closed = False

    async def run(self) -> None:
        tasks = [asyncio.create_task(self._upward()), asyncio.create_task(self._downward())]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        self._close(reset=False)

    async def _upward(self) -> None:
        while data := await self.client_r.read(65536):
            if self.answered:
                self.answered, self.request, self.fault = False, bytearray(), self.proxy._draw()
                if self.fault == "delay":
                    await asyncio.sleep(self.proxy.rng.uniform(0, self.proxy.plan.max_delay))
                elif self.fault == "drop":
                    return self._close(reset=False)
                elif self.fault == "reset":
                    return await self._forward_then_reset(data[: max(1, len(data) // 2)])
            budget = self.proxy.plan.budget
            if budget is not None and self.proxy.bytes_up + len(data) > budget:
                return await self._forward_then_reset(data[: budget - self.proxy.bytes_up])
            self.request += data
            await self._send_up(data)

    async def _forward_then_reset(self, data: bytes) -> None:
        await self._send_up(data)
        await asyncio.sleep(0.05)  # let the server read what arrived before the reset
        self._close(reset=True)

    async def _send_up(self, data: bytes) -> None:
        self.proxy.bytes_up += len(data)
        self.up_w.write(data)
        await self.up_w.drain()

    async def _downward(self) -> None:
        while data := await self.up_r.read(65536):
            if not self.answered:
                self.answered = True
                if self.fault == "cut_answer":
                    return self._close(reset=True)
                if self.fault == "duplicate":
                    await _replay(self.proxy.upstream_port, bytes(self.request))
            self.client_w.write(data)
            await self.client_w.drain()

    def _close(self, reset: bool) -> None:
        if self.closed:
            return
        self.closed = True
        for writer in (self.client_w, self.up_w):
            if reset:
                _reset(writer)
            else:
                writer.close()


async def _replay(port: int, request: bytes) -> None:
    """Send the same request bytes again on a new connection and read its answer to the end."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    writer.write_eof()
    try:
        await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST instead of FIN (SO_LINGER 0), as a dropped mobile connection looks."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
