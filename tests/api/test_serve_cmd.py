"""`flashpoint serve`: key hashing, and the command serving a real store in a subprocess."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from api_seed import API_KEY
from typer.testing import CliRunner

from flashpoint.api import ENV_VAR, hash_key, load_key_hash, verify_key
from flashpoint.cli.serve_cmd import register
from flashpoint.errors import InputError

# `serve` registered on its own Typer app (the lead wires it into `flashpoint`)
LAUNCH = ("import typer; from flashpoint.cli.serve_cmd import register; app = typer.Typer(); "
          "register(app); app.command('version')(lambda: None); app()")


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    app.command("version")(lambda: None)
    return app


def test_hash_key_prints_a_hash_that_verifies_only_that_key() -> None:
    r = CliRunner().invoke(_cli(), ["serve", "--hash-key"], input=API_KEY + "\n")
    assert r.exit_code == 0, r.output
    stored = r.output.strip().splitlines()[-1]
    assert stored.startswith("pbkdf2_sha256$") and API_KEY not in stored
    assert verify_key(API_KEY, stored)
    assert not verify_key(API_KEY[:-1], stored)


def test_short_keys_and_malformed_hashes_are_refused_with_a_reason(tmp_path: Path, monkeypatch) -> None:
    r = CliRunner().invoke(_cli(), ["serve", "--hash-key"], input="hunter2\n")
    assert r.exit_code == 2 and "too short" in r.output
    bad = tmp_path / "key.hash"
    bad.write_text(API_KEY)  # the key itself, not its hash
    with pytest.raises(InputError, match="not a key hash"):
        load_key_hash(bad)
    monkeypatch.setenv(ENV_VAR, hash_key(API_KEY, iterations=1_000))
    assert verify_key(API_KEY, load_key_hash(None))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.e2e
def test_serve_runs_uvicorn_on_the_store(tmp_path: Path) -> None:
    key_file = tmp_path / "key.hash"
    key_file.write_text(hash_key(API_KEY, iterations=1_000) + "\n")
    port = _free_port()
    db = tmp_path / "served.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--db", str(db), "--port",
                             str(port), "--api-key-file", str(key_file)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(url + "/health", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "flashpoint serve did not start in 60 s"
                time.sleep(0.1)
        assert health.json()["writes"] is True
        assert health.json()["counts"]["events"] == 0
        assert httpx.get(url + "/").text.count("/static/app.js") == 1
        assert httpx.post(url + "/articles", content="x").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    assert db.exists()
