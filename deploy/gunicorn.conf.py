"""gunicorn configuration for zitat; every value can be set through the environment.

The model is loaded once in the master (preload_app) so that forked workers share its
memory pages; each worker runs torch with TORCH_THREADS threads so that workers x threads
does not oversubscribe the cores.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
bind = os.environ.get("BIND", "127.0.0.1:8000")
# gthread (default): each worker serves GUNICORN_THREADS requests at once and keeps connections
# alive, so cache hits are answered while another thread analyses a miss (the Analyzer runs one
# analysis at a time per process), at about twice the cache-hit throughput of sync workers
# (docs/performance.md). A worker that dies takes the requests on its connections with it.
# GUNICORN_WORKER_CLASS=sync: one request per worker at a time, a new connection for each, and
# a dying worker loses only the request it was serving.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# gunicorn turns a sync worker with threads > 1 into gthread, so threads default to 1 there.
threads = int(os.environ.get("GUNICORN_THREADS", "4" if worker_class == "gthread" else "1"))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
# Longer than the idle timeout of the load balancers in front (60 s is common): the client side
# closes an idle connection first, instead of gunicorn closing it under a request being sent.
keepalive = int(os.environ.get("KEEPALIVE", "75"))
# A kept-alive connection is closed after KEEPALIVE_REQUESTS to twice that many requests (0:
# never), as nginx's keepalive_requests does. A connection stays with the worker that accepted
# it, and connections opened all at once (a load balancer's pool, a benchmark's 32) can leave
# one worker with most of them (30 of 32 seen here), whose requests then queue while the other
# worker idles. Reconnecting now and then, a client lands on the worker that accepts first,
# most often the less busy one (seen: 10-21 of 32 per worker instead of 1-31).
keepalive_requests = int(os.environ.get("KEEPALIVE_REQUESTS", "100"))
max_requests = int(os.environ.get("MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("MAX_REQUESTS_JITTER", "0"))
backlog = int(os.environ.get("BACKLOG", "2048"))
accesslog = None  # the app writes one structured JSON line per request
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "zitat"
# gunicorn 27's management socket is unused here, and every gunicorn on a host shares its default path.
control_socket_disable = True

from service.config import Settings  # noqa: E402
from service.security import hide_server_banner  # noqa: E402 - `Server: zitat`, no gunicorn banner

hide_server_banner()
MAX_BODY_BYTES = Settings.from_env().max_body_bytes
# How much of a refused body is read and thrown away so that the close that follows is a clean one.
DISCARD_BODY_BYTES = max(8 * 1024 * 1024, 2 * MAX_BODY_BYTES)
DISCARD_BODY_SECONDS = 2.0

os.environ.setdefault("TORCH_THREADS", str(max(1, multiprocessing.cpu_count() // max(1, workers))))


def pre_fork(server, worker):
    import gc

    # Objects allocated while loading the model move to the permanent generation, so the
    # collector in each worker does not write to (and so copy) the pages they share.
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    from service.app import set_torch_threads

    set_torch_threads(int(os.environ["TORCH_THREADS"]))


def pre_request(worker, req):
    # The app leaves a body it refuses unread: Werkzeug answers 413 to a Content-Length over the
    # limit without reading, and a chunked body is read only up to the limit. A threaded worker
    # would announce keep-alive, then drain at most 64 KiB of what is left and, when more is
    # left, close the connection silently under the client's next request (the soak saw
    # RemoteDisconnected on the request after each 1 MiB body). Such a response says
    # `Connection: close` instead, so the client sends its next request on a new connection.
    if _body_may_be_left_unread(req) or _connection_served_enough(req):
        req.must_close = True


def post_request(worker, req, environ, resp):
    if getattr(req, "must_close", False):
        _discard_unread_body(req, environ.get("gunicorn.socket"))


def _body_may_be_left_unread(req) -> bool:
    for name, value in req.headers:
        if name == "TRANSFER-ENCODING":
            return True  # chunked: its length is unknown until it has been read
        if name == "CONTENT-LENGTH" and value.isdigit() and int(value) > MAX_BODY_BYTES:
            return True
    return False


def _connection_served_enough(req) -> bool:
    # Between keepalive_requests and twice that, spread by the client's port, so that the
    # connections a client opened together do not all reconnect at the same moment.
    if keepalive_requests <= 0:
        return False
    peer = getattr(req, "peer_addr", None)
    spread = peer[1] % keepalive_requests if isinstance(peer, tuple) and len(peer) > 1 else 0
    return getattr(req, "req_number", 0) >= keepalive_requests + spread


def _discard_unread_body(req, sock) -> None:
    """Read what the app left of the body, bounded in bytes and time, before the connection closes.

    Closing a socket with unread bytes in its receive buffer sends a TCP reset, and a reset can
    destroy the response in the client's buffer before the client (still sending) has read it.
    """
    import time

    if req.body is None or sock is None:
        return
    deadline = time.monotonic() + DISCARD_BODY_SECONDS
    prior_timeout = sock.gettimeout()
    discarded = 0
    try:
        while discarded < DISCARD_BODY_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            sock.settimeout(remaining)
            chunk = req.body.read(64 * 1024)
            if not chunk:
                return
            discarded += len(chunk)
    except Exception:  # noqa: BLE001 - timed out, client gone, a broken chunk: the connection closes anyway
        return
    finally:
        try:
            sock.settimeout(prior_timeout)
        except OSError:
            pass


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
