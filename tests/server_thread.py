"""The app on a real socket (werkzeug's threaded HTTP server) in a background thread of the test process.

Cheaper than `zitat serve` because it shares the session's already loaded model, yet every
request goes over real HTTP: for clients that must talk to a server (a browser, curl, Node.js).
"""

from __future__ import annotations

import threading

from conftest import make_settings


class ServerThread:
    def __init__(self, app) -> None:
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "ServerThread":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def serve(pipeline, redis_url: str, **settings) -> ServerThread:
    """A server for create_app(settings) on the given pipeline and Redis; use it as a context manager."""
    from service.app import create_app

    return ServerThread(create_app(make_settings(redis_url, **settings), pipeline=pipeline))
