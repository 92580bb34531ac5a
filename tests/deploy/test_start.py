"""Starting the bot as a user would, before it ever reaches Discord."""

from __future__ import annotations

import os
import subprocess
import sys


def test_python_m_bot_without_a_token_exits_2_with_a_clear_message(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "bot"], capture_output=True, text=True,
                            env={**env, "DISCORD_TOKEN": ""}, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "llc-bot chat" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_rejected_token_exits_2_and_never_prints_the_token(tmp_path) -> None:
    """Against a local server that answers 401, as Discord does for a bad token."""
    import asyncio
    import threading

    from aiohttp import web

    async def unauthorized(_: web.Request) -> web.Response:
        return web.Response(status=401, body=b'{"message": "401: Unauthorized", "code": 0}',
                            content_type="application/json")

    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", unauthorized)
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    secret = "MTIz.secret-token-value.never-to-be-printed"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot"], capture_output=True, text=True, timeout=120,
            cwd=tmp_path,
            env={**os.environ, "DISCORD_TOKEN": secret, "DATA_DIR": str(tmp_path / "data"),
                 "DISCORD_API_BASE": f"http://127.0.0.1:{port}/api/v10", "DATABASE_URL": ""})
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "rejected DISCORD_TOKEN" in result.stderr
    assert secret not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
