"""Run the API in a background thread on a loopback port: for tests, benchmarks and notebooks.

>>> with BackgroundServer(create_app(db, api_key_hash=None)) as server:   # doctest: +SKIP
...     httpx.get(server.url + "/health")

:func:`uvicorn_options` is the one uvicorn configuration, shared with ``flashpoint serve``.
"""
from __future__ import annotations

import importlib.util
import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn


def uvicorn_options() -> dict[str, Any]:
    """uvicorn settings of every flashpoint server: uvloop and httptools when installed (the
    ``uvicorn[standard]`` extra; pure-Python asyncio and h11 otherwise), no per-request access
    log, warnings only, keep-alive connections held 30 s, a deep accept backlog."""
    has = importlib.util.find_spec
    return {"loop": "uvloop" if has("uvloop") else "asyncio",
            "http": "httptools" if has("httptools") else "h11",
            "log_level": "warning", "access_log": False, "timeout_keep_alive": 30,
            "backlog": 2048}  # fmt: skip


class BackgroundServer:
    """A real uvicorn server for ``app`` on ``host`` and a free port (or ``port``)."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0,
                 start_timeout: float = 30.0) -> None:  # fmt: skip
        # proto=IPPROTO_TCP: asyncio sets TCP_NODELAY on accepted sockets only then (else Nagle
        # + delayed ACKs add ~40 ms to every keep-alive response)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        self.url = f"http://{self.host}:{self.port}"
        config = uvicorn.Config(app, lifespan="on", **uvicorn_options())
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name=f"flashpoint-api-{self.port}", daemon=True)
        self._start_timeout = start_timeout

    def start(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"the API server on {self.url} stopped while starting")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the API server on {self.url} did not start in "
                                   f"{self._start_timeout:.0f} s")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._sock.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.stop()
