"""gunicorn configuration for zitat; every value can be set through the environment.

The model is loaded once in the master (preload_app) so that forked workers share its
memory pages; each worker runs torch with TORCH_THREADS threads so that workers x threads
does not oversubscribe the cores.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
bind = os.environ.get("BIND", "127.0.0.1:8000")
# sync: one request per worker, no keep-alive. GUNICORN_WORKER_CLASS=gthread keeps connections
# alive and serves cache hits while another thread analyses a miss (the Analyzer runs one
# analysis at a time per process): about twice the cache-hit throughput (docs/performance.md),
# but in our 60 s soak at concurrency 32 some clients hit connections that the server closed
# at the keep-alive timeout, so it is not the default yet.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# gunicorn turns a sync worker with threads > 1 into gthread, so threads default to 1 there.
threads = int(os.environ.get("GUNICORN_THREADS", "4" if worker_class == "gthread" else "1"))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("KEEPALIVE", "5"))
max_requests = int(os.environ.get("MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("MAX_REQUESTS_JITTER", "0"))
backlog = int(os.environ.get("BACKLOG", "2048"))
accesslog = None  # the app writes one structured JSON line per request
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "zitat"
# gunicorn 27's management socket is unused here, and every gunicorn on a host shares its default path.
control_socket_disable = True

from service.security import hide_server_banner  # noqa: E402 - `Server: zitat`, no gunicorn banner

hide_server_banner()

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


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
