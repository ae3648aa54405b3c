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
# gthread workers each listen on their own SO_REUSEPORT socket, and the kernel spreads new
# connections over them by address hash. With one shared socket the worker that calls accept()
# first takes the connection, the busy one (its event loop is awake) as often as not: the 32
# connections a benchmark (or a load balancer's pool) opens at once were split 28/4, 30/2 or
# 31/1 between two workers, and as a kept-alive connection stays where it was accepted, one
# worker's requests queued while the other idled. With REUSE_PORT: 12-20 of 32 per worker.
# The price: connections waiting in the accept queue of a worker that stops (crash, HUP,
# MAX_REQUESTS restart) are reset with it instead of going to another worker (gthread accepts
# at once, so its queue is short; a sync worker's is not, hence off for sync; the sysctl
# net.ipv4.tcp_migrate_req=1 hands them on instead), and a second server started on the same
# port by the same user shares the port instead of failing to start. REUSE_PORT=false: off.
reuse_port = os.environ.get("REUSE_PORT", "true" if worker_class == "gthread" else "false").strip().lower() in {
    "1", "true", "yes", "on"}
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
LINGER_SECONDS, LINGER_MAX_BYTES = 2.0, 64 * 1024  # as gunicorn's own graceful close

os.environ.setdefault("TORCH_THREADS", str(max(1, multiprocessing.cpu_count() // max(1, workers))))


def _limit_malloc_arenas(arenas: int = 2) -> None:
    # glibc gives each thread that allocates its own malloc arena (up to 8 per core); with the
    # analyses running in different request threads, RSS grew 8 % (PSS 18 %) in a 60 s soak and
    # was still growing; with 2 arenas it stayed flat (-0.3 %). MALLOC_ARENA_MAX, when set, is
    # applied by glibc itself at start-up. Here: before the app (torch) is loaded and forked.
    if os.environ.get("MALLOC_ARENA_MAX"):
        return
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc: nothing to limit


_limit_malloc_arenas()


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
    if _body_may_be_left_unread(req):
        req.must_close = True


def post_request(worker, req, environ, resp):
    sock = environ.get("gunicorn.socket")
    if getattr(req, "must_close", False):
        _discard_unread_body(req, sock)
    if sock is not None and resp is not None and resp.should_close():
        _close_write_side_and_wait_for_the_client(sock)


def _body_may_be_left_unread(req) -> bool:
    for name, value in req.headers:
        if name == "TRANSFER-ENCODING":
            return True  # chunked: its length is unknown until it has been read
        if name == "CONTENT-LENGTH" and value.isdigit() and int(value) > MAX_BODY_BYTES:
            return True
    return False


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


def _close_write_side_and_wait_for_the_client(sock) -> None:
    """The graceful close of a connection, in the request's thread.

    gunicorn closes a connection by sending FIN and then waiting, up to 2 s, for the client to
    close its side (so that unread bytes cannot turn the close into a reset). A threaded worker
    does that wait on its main thread, which meanwhile accepts and dispatches nothing: every
    connection of the worker waits for one client to close. Done here first, the main thread's
    close finds the connection already closed and returns at once.
    """
    import socket
    import time

    prior_timeout = sock.gettimeout()
    deadline = time.monotonic() + LINGER_SECONDS
    drained = 0
    try:
        sock.shutdown(socket.SHUT_WR)
        while drained < LINGER_MAX_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            sock.settimeout(remaining)
            data = sock.recv(4096)
            if not data:
                return
            drained += len(data)
    except OSError:
        return  # timed out, or the client is gone already
    finally:
        try:
            sock.settimeout(prior_timeout)
        except OSError:
            pass


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
