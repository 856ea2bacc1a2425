"""A small connection pooler speaking PostgreSQL's wire protocol, for tests only.

pgbouncer is not on PyPI (and the product must not need apt-get), so the pooler tests use
this one: it listens on 127.0.0.1, authenticates clients itself (the test server trusts
local connections) and hands their work to a pool of server connections the way pgbouncer
and Supavisor do:

- `transaction` mode: a server connection is taken when a client sends a message and
  given back to the pool (last in, first out, pgbouncer's default) as soon as the server
  reports the client idle again (ReadyForQuery 'I'). Session state — session advisory
  locks, SET, server-side prepared statements — stays on the server connection, not with
  the client.
- `session` mode: a client keeps one server connection from connect to disconnect; it
  then goes back to the pool as it is (`reset=False`, as a pooler without a reset query
  does) or after `DISCARD ALL`.

Enough of the protocol for psycopg outside pipeline mode: a client waits for
ReadyForQuery before sending its next query. Cancel requests are not forwarded.
"""

from __future__ import annotations

import asyncio
import struct
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from psycopg.conninfo import conninfo_to_dict

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CANCEL_REQUEST = 80877102
PROTOCOL_3_0 = 196608


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    kind = await reader.readexactly(1)
    (length,) = struct.unpack("!i", await reader.readexactly(4))
    return kind, await reader.readexactly(length - 4)


def _message(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("!i", len(payload) + 4) + payload


@dataclass(eq=False)
class _ServerConnection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    parameters: list[bytes]


@dataclass
class _Pool:
    socket_path: str
    size: int
    idle: dict[tuple[str, str], list[_ServerConnection]] = field(
        default_factory=lambda: defaultdict(list)
    )
    count: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    freed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def acquire(self, key: tuple[str, str]) -> _ServerConnection:
        async with self.freed:
            while not self.idle[key] and self.count[key] >= self.size:
                await self.freed.wait()
            if self.idle[key]:
                return self.idle[key].pop()
            self.count[key] += 1
        try:
            return await self._open(key)
        except BaseException:
            async with self.freed:
                self.count[key] -= 1
                self.freed.notify()
            raise

    async def release(self, key: tuple[str, str], server: _ServerConnection, usable: bool) -> None:
        async with self.freed:
            if usable:
                self.idle[key].append(server)
            else:
                self.count[key] -= 1
                server.writer.close()
            self.freed.notify()

    async def _open(self, key: tuple[str, str]) -> _ServerConnection:
        reader, writer = await asyncio.open_unix_connection(self.socket_path)
        user, database = key
        body = struct.pack("!i", PROTOCOL_3_0)
        for name, value in (("user", user), ("database", database)):
            body += name.encode() + b"\0" + value.encode() + b"\0"
        body += b"\0"
        writer.write(struct.pack("!i", len(body) + 4) + body)
        parameters = []
        while True:
            kind, payload = await _read_message(reader)
            if kind == b"R" and payload[:4] != b"\0\0\0\0":
                raise ConnectionError("the test server asked the pooler for a password")
            if kind == b"E":
                raise ConnectionError(payload.decode(errors="replace"))
            if kind == b"S":
                parameters.append(payload)
            if kind == b"Z":
                return _ServerConnection(reader, writer, parameters)


class PoolerProxy:
    """A pooler in front of the Unix-socket server of `server_url`, in its own thread."""

    def __init__(self, server_url: str, mode: str, *, size: int = 3, reset: bool = False):
        params = conninfo_to_dict(server_url)
        self.socket_path = f"{params['host']}/.s.PGSQL.{params.get('port') or 5432}"
        self.mode = mode
        self.size = size
        self.reset = reset
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._clients: set[asyncio.StreamWriter] = set()

    def start(self) -> PoolerProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    def url(self, database_url: str) -> str:
        """`database_url`'s database and user, reached through the pooler."""
        params = conninfo_to_dict(database_url)
        return (
            f"host=127.0.0.1 port={self.port} dbname={params['dbname']} "
            f"user={params.get('user') or 'postgres'} sslmode=disable"
        )

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            for writer in list(self._clients):
                writer.close()
            for idle in self._pool.idle.values():
                for server in idle:
                    server.writer.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _listen(self) -> None:
        self._pool = _Pool(self.socket_path, self.size)
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._clients.add(writer)
        try:
            key = await self._startup(reader, writer)
            if key is not None:
                await self._serve(key, reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self._clients.discard(writer)
            writer.close()

    async def _startup(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[str, str] | None:
        while True:
            (length,) = struct.unpack("!i", await reader.readexactly(4))
            body = await reader.readexactly(length - 4)
            (code,) = struct.unpack("!i", body[:4])
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                writer.write(b"N")
                continue
            if code == CANCEL_REQUEST:
                return None
            fields = body[4:].split(b"\0")
            params = {
                fields[i].decode(): fields[i + 1].decode() for i in range(0, len(fields) - 1, 2)
            }
            if code != PROTOCOL_3_0:  # a newer minor version: offer 3.0
                writer.write(_message(b"v", struct.pack("!ii", 0, 0)))
            user = params.get("user", "postgres")
            key = (user, params.get("database") or user)
            server = await self._pool.acquire(key)
            writer.write(_message(b"R", struct.pack("!i", 0)))
            for parameter in server.parameters:
                writer.write(_message(b"S", parameter))
            writer.write(_message(b"K", struct.pack("!ii", 4242, 4242)))
            writer.write(_message(b"Z", b"I"))
            await writer.drain()
            await self._pool.release(key, server, usable=True)
            return key

    async def _serve(
        self, key: tuple[str, str], reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        server: _ServerConnection | None = None
        idle = True
        try:
            while True:
                kind, payload = await _read_message(reader)
                if kind == b"X":
                    return
                if server is None:
                    server = await self._pool.acquire(key)
                server.writer.write(_message(kind, payload))
                if kind not in (b"Q", b"S"):
                    continue  # extended protocol: answers come after Sync
                while True:  # relay the answers up to ReadyForQuery
                    answer, body = await _read_message(server.reader)
                    writer.write(_message(answer, body))
                    if answer == b"Z":
                        idle = body == b"I"
                        break
                await writer.drain()
                if self.mode == "transaction" and idle:
                    await self._pool.release(key, server, usable=True)
                    server = None
        finally:
            if server is not None:
                await self._give_back(key, server, idle)

    async def _give_back(self, key: tuple[str, str], server: _ServerConnection, idle: bool) -> None:
        if idle and self.reset:
            server.writer.write(_message(b"Q", b"discard all\0"))
            while (await _read_message(server.reader))[0] != b"Z":
                pass
        await self._pool.release(key, server, usable=idle)
