"""A loopback latency proxy: a PostgreSQL server as if it were across a network.

`LatencyProxy(upstream, one_way_ms)` listens on 127.0.0.1 (a free port) and forwards every
connection to the server's Unix socket (or host:port), delivering each chunk `one_way_ms`
after it was read, in both directions: a request/response round trip costs twice that.
Traffic never leaves 127.0.0.1.

It also counts, per run, what a network would charge for:
  round_trips — how often a client sent after the server had answered (a client that
                waits for each answer pays one round trip per turn; a pipelining client
                sends many messages per turn);
  messages    — frontend protocol messages that ask the server to answer now: simple
                Query ('Q') and Sync ('S', the end of an extended-protocol batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from psycopg.conninfo import conninfo_to_dict, make_conninfo

ANSWER_NOW = (b"Q", b"S")


@dataclass
class Counts:
    """Traffic through the proxy since the last `reset()`."""

    connections: int = 0
    round_trips: int = 0
    messages: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {
                "connections": self.connections,
                "round_trips": self.round_trips,
                "messages": self.messages,
                "bytes_up": self.bytes_up,
                "bytes_down": self.bytes_down,
            }

    def reset(self) -> None:
        with self._lock:
            self.connections = self.round_trips = self.messages = 0
            self.bytes_up = self.bytes_down = 0


class _Frames:
    """Counts frontend messages in a byte stream (the startup packet has no type byte)."""

    def __init__(self) -> None:
        self.buf = b""
        self.started = False

    def feed(self, data: bytes) -> int:
        self.buf += data
        n = 0
        while True:
            if not self.started:
                if len(self.buf) < 8:
                    return n
                size = int.from_bytes(self.buf[:4], "big")
                code = int.from_bytes(self.buf[4:8], "big")
                if len(self.buf) < size:
                    return n
                self.buf = self.buf[size:]
                # SSLRequest / GSSENCRequest are followed by another startup packet
                self.started = code not in (80877103, 80877104)
                continue
            if len(self.buf) < 5:
                return n
            size = int.from_bytes(self.buf[1:5], "big")
            if len(self.buf) < 1 + size:
                return n
            n += self.buf[:1] in ANSWER_NOW
            self.buf = self.buf[1 + size :]


class LatencyProxy:
    """Forward 127.0.0.1:<port> to `upstream` with `one_way_ms` of delay each way."""

    def __init__(self, upstream_url: str, one_way_ms: float) -> None:
        self.upstream = conninfo_to_dict(upstream_url)
        self.delay = one_way_ms / 1000
        self.counts = Counts()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> LatencyProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def url(self) -> str:
        """The upstream URL with host and port replaced by the proxy's (TLS off: loopback)."""
        params = {k: v for k, v in self.upstream.items() if k not in ("host", "hostaddr")}
        params.update(host="127.0.0.1", port=str(self.port), sslmode="disable")
        return make_conninfo(**params)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        with contextlib.suppress(RuntimeError):
            self._loop.run_forever()

    # -- one connection -----------------------------------------------------------------------

    async def _open_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        host = str(self.upstream.get("host") or "/tmp")
        port = str(self.upstream.get("port") or "5432")
        if host.startswith("/"):
            return await asyncio.open_unix_connection(f"{host}/.s.PGSQL.{port}")
        return await asyncio.open_connection(host, int(port))

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await self._open_upstream()
        with self.counts._lock:
            self.counts.connections += 1
        state = {"answered": True}  # the client's first send is a turn too
        frames = _Frames()
        with contextlib.suppress(asyncio.CancelledError):  # stop() while still connected
            await asyncio.gather(
                self._pump(reader, up_writer, state, frames, upward=True),
                self._pump(up_reader, writer, state, None, upward=False),
                return_exceptions=True,
            )

    async def _pump(
        self,
        src: asyncio.StreamReader,
        dst: asyncio.StreamWriter,
        state: dict[str, bool],
        frames: _Frames | None,
        *,
        upward: bool,
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                dst.write(data)
                await dst.drain()
            with contextlib.suppress(OSError):
                dst.close()

        sender = asyncio.ensure_future(deliver())
        try:
            while data := await src.read(65536):
                with self.counts._lock:
                    if upward:
                        self.counts.bytes_up += len(data)
                        if state["answered"]:
                            self.counts.round_trips += 1
                            state["answered"] = False
                        assert frames is not None
                        self.counts.messages += frames.feed(data)
                    else:
                        self.counts.bytes_down += len(data)
                        state["answered"] = True
                queue.put_nowait((time.monotonic() + self.delay, data))
        finally:
            queue.put_nowait((0.0, b""))
            await sender


@contextlib.contextmanager
def proxied(upstream_url: str, round_trip_ms: float) -> Iterator[LatencyProxy]:
    """A running proxy adding `round_trip_ms` per round trip (half each way)."""
    proxy = LatencyProxy(upstream_url, round_trip_ms / 2).start()
    try:
        yield proxy
    finally:
        proxy.stop()
