"""Asynchronous jobs: the /v1/jobs API, RQ workers on a real Redis, and workers killed with kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis

from conftest import make_settings
from helpers import assert_offsets_valid, assert_problem
from service.config import REPO_ROOT
from service.jobs import JobSettings, JobStore, install_analyzer, job_key
from service.worker import ZitatWorker

NDJSON = "application/x-ndjson"
UNKNOWN_JOB = "0" * 32


def run_queue(redis_url: str, analyzer) -> None:
    """Process everything queued with a real RQ worker in this process (burst mode), on the shared model."""
    install_analyzer(analyzer)
    connection = redis.Redis.from_url(redis_url)
    ZitatWorker([JobSettings.from_env().queue], connection=connection).work(burst=True, logging_level="WARNING")
    connection.close()


def ndjson(articles: list[dict]) -> bytes:
    return b"".join(json.dumps(a, ensure_ascii=False).encode() + b"\n" for a in articles)


def result_lines(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == NDJSON
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


@pytest.fixture()
def analyzer(app):
    return app.extensions["zitat.analyzer"]


def test_json_job_runs_in_order_and_shares_the_cache(client, analyzer, redis_server, seed_texts):
    articles = [{"text": text, "id": name} for name, text in seed_texts.items()]
    submitted = client.post("/v1/jobs", json={"articles": articles})
    assert submitted.status_code == 202
    job = submitted.get_json()
    assert submitted.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued" and job["progress"] == {"done": 0, "total": len(articles), "failed": 0}

    pending = client.get(f"/v1/jobs/{job['id']}/results")
    assert_problem(pending, 409, "job-not-finished")
    assert pending.headers["Retry-After"]

    run_queue(redis_server.url, analyzer)

    status = client.get(submitted.headers["Location"]).get_json()
    assert status["status"] == "finished"
    assert status["progress"] == {"done": len(articles), "total": len(articles), "failed": 0}
    assert status["finished_at"] and status["started_at"]
    lines = result_lines(client.get(status["results"]))
    assert [line["index"] for line in lines] == list(range(len(articles)))
    assert [line["id"] for line in lines] == [a["id"] for a in articles]
    for line, article in zip(lines, articles):
        assert line["error"] is None
        assert line["result"]["id"] == article["id"]
        assert_offsets_valid(line["result"], article["text"])
    # The synchronous API now answers from the cache that the job filled.
    sync = client.post("/v1/quotes", json={"text": articles[0]["text"], "id": articles[0]["id"]}).get_json()
    assert sync["cached"] is True
    assert sync["quotes"] == lines[0]["result"]["quotes"]


def test_ndjson_upload_with_a_per_article_error(pipeline, redis_server, redis_client, seed_texts):
    from service.app import create_app

    app = create_app(make_settings(redis_server.url, max_text_chars=3500), pipeline=pipeline)
    client = app.test_client()
    texts = sorted(seed_texts.values(), key=len)
    short, too_long = texts[0], texts[-1]
    assert len(short) <= 3500 < len(too_long)
    body = ndjson([{"text": short, "id": "a"}, {"text": too_long, "id": "b", "title": "Lang"}]) + b"\n"
    submitted = client.post("/v1/jobs", data=body, content_type=NDJSON)
    assert submitted.status_code == 202, submitted.get_data(as_text=True)
    run_queue(redis_server.url, app.extensions["zitat.analyzer"])

    status = client.get(f"/v1/jobs/{submitted.get_json()['id']}").get_json()
    assert status["progress"] == {"done": 2, "total": 2, "failed": 1}
    assert status["failures"][0]["index"] == 1 and status["failures"][0]["id"] == "b"
    assert status["failures"][0]["error"]["type"].endswith(":text-too-long")
    first, second = result_lines(client.get(status["results"]))
    assert first["error"] is None and first["result"]["quotes"]
    assert second["result"] is None and second["error"]["status"] == 413 and second["id"] == "b"


def test_cancel_drops_queued_articles(client, analyzer, redis_server, seed_texts):
    texts = list(seed_texts.values())[:3]
    articles = [{"text": t, "id": f"c{i}"} for i, t in enumerate(texts)]
    job_id = client.post("/v1/jobs", json={"articles": articles}).get_json()["id"]
    cancelled = client.delete(f"/v1/jobs/{job_id}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    run_queue(redis_server.url, analyzer)
    status = client.get(f"/v1/jobs/{job_id}").get_json()
    assert status["status"] == "cancelled" and status["progress"]["done"] == 0
    lines = result_lines(client.get(f"/v1/jobs/{job_id}/results"))
    assert [line["error"]["type"].rsplit(":", 1)[1] for line in lines] == ["job-cancelled"] * 3
    assert [line["id"] for line in lines] == ["c0", "c1", "c2"]
    assert client.delete(f"/v1/jobs/{job_id}").get_json()["status"] == "cancelled"


def test_unknown_jobs_are_404(client):
    for path in (f"/v1/jobs/{UNKNOWN_JOB}", f"/v1/jobs/{UNKNOWN_JOB}/results", "/v1/jobs/not-a-job-id"):
        assert_problem(client.get(path), 404, "job-not-found")
    assert_problem(client.delete(f"/v1/jobs/{UNKNOWN_JOB}"), 404, "job-not-found")
    assert_problem(client.put(f"/v1/jobs/{UNKNOWN_JOB}", json={}), 405)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "kind"),
    [
        (b"text", "text/plain", 415, "unsupported-media-type"),
        (b'{"articles": [', "application/json", 400, "malformed-json"),
        (b'{"articles": []}', "application/json", 422, "validation-error"),
        (b'{"articles": [{"text": "  "}]}', "application/json", 422, "validation-error"),
        (b'{"text": "gut"}\n{"text": \n', NDJSON, 400, "malformed-json"),
        (b'{"text": "gut"}\n{"id": "ohne Text"}\n', NDJSON, 422, "validation-error"),
        (b"\n\n", NDJSON, 422, "validation-error"),
    ],
)
def test_submission_errors_are_problems(client, redis_client, body, content_type, status, kind):
    response = client.post("/v1/jobs", data=body, content_type=content_type)
    problem = assert_problem(response, status, kind)
    if body.startswith(b'{"text": "gut"}\n{"id"'):
        assert "line 2" in problem["errors"]
    assert not redis_client.keys("zitat:job:*"), "a rejected job must leave nothing behind"
    assert redis_client.llen("rq:queue:zitat") == 0


def test_job_size_limits(client, redis_client, monkeypatch):
    monkeypatch.setenv("JOB_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("JOB_MAX_ARTICLES", "2")
    big = ndjson([{"text": "Er sagte, es regne. " * 60}])
    assert_problem(client.post("/v1/jobs", data=big, content_type=NDJSON), 413, "body-too-large")
    three = ndjson([{"text": f"Text {i}"} for i in range(3)])
    assert_problem(client.post("/v1/jobs", data=three, content_type=NDJSON), 413, "too-many-articles")
    assert not redis_client.keys("zitat:job:*")


def test_chunked_ndjson_upload(client, redis_client, monkeypatch):
    """Transfer-Encoding: chunked (no Content-Length), as gunicorn hands it over (wsgi.input_terminated)."""
    import io

    body = ndjson([{"text": f"„Satz {i}“, sagte sie.", "id": f"k{i}"} for i in range(40)])
    chunked = {"environ_overrides": {"wsgi.input_terminated": True}, "headers": {"Transfer-Encoding": "chunked"}}
    response = client.post("/v1/jobs", input_stream=io.BytesIO(body), content_type=NDJSON, **chunked)
    assert response.status_code == 202, response.get_data(as_text=True)
    assert response.get_json()["progress"]["total"] == 40
    monkeypatch.setenv("JOB_MAX_BODY_BYTES", str(len(body) // 2))
    client.application.extensions.pop("zitat.jobs")  # settings are read when the store is made
    too_large = client.post("/v1/jobs", input_stream=io.BytesIO(body), content_type=NDJSON, **chunked)
    assert_problem(too_large, 413, "body-too-large")
    assert len(redis_client.keys("zitat:job:*:meta")) == 1


def test_jobs_without_redis_are_503(pipeline):
    from service.app import create_app
    from service.redis_server import free_port

    client = create_app(make_settings(f"redis://127.0.0.1:{free_port()}/0"), pipeline=pipeline).test_client()
    assert_problem(client.post("/v1/jobs", json={"articles": [{"text": "Hallo"}]}), 503, "jobs-unavailable")
    assert_problem(client.get(f"/v1/jobs/{UNKNOWN_JOB}"), 503, "jobs-unavailable")


# -- real worker processes killed with kill -9 ---------------------------------------------------


def start_worker(redis_url: str, log_path: Path, *options: str, **env_overrides: str) -> subprocess.Popen:
    # Heartbeats every second: an abandoned article is requeued within a few seconds.
    env = dict(os.environ, REDIS_URL=redis_url, TORCH_THREADS="1", LOG_LEVEL="WARNING", JOB_HEARTBEAT_S="1",
               PIPELINE_TIMEOUT_S="600", **env_overrides)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "worker", *options],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    process.log_path = log_path
    return process


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def start_time(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def wait_for(condition, timeout_s: float, what: str, worker: subprocess.Popen):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker.poll() is not None:
            raise AssertionError(f"worker exited while waiting for {what}: {worker.log_path.read_text()[-3000:]}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def attempts(connection, job_id: str, index: int) -> int:
    return int(connection.hget(job_key(job_id, "attempts"), str(index)) or 0)


def kill_worker_during_attempt(connection, job_id: str, index: int, attempt: int, pool: subprocess.Popen) -> int:
    """Wait until a worker has started `attempt` of the article, then kill -9 the process analysing it."""
    wait_for(lambda: attempts(connection, job_id, index) >= attempt, 240, f"attempt {attempt}", pool)
    (worker,) = wait_for(lambda: children(pool.pid), 10, "the worker process", pool)
    os.kill(worker, signal.SIGKILL)
    assert not connection.hexists(job_key(job_id, "results"), str(index)), "the article finished before the kill"
    return worker


def long_article(seed_texts) -> str:
    # Long enough (~21 k characters, several seconds) that the pipeline is still busy when its worker is killed.
    return "\n\n".join(seed_texts.values())


@pytest.mark.slow
def test_killed_worker_loses_nothing(redis_server, redis_client, seed_texts, tmp_path):
    store = JobStore(redis_client, JobSettings.from_env())
    texts = [long_article(seed_texts), next(iter(seed_texts.values()))]
    job_id = store.create({"text": t, "id": f"art-{i}"} for i, t in enumerate(texts))
    worker = start_worker(redis_server.url, tmp_path / "worker.log")
    try:
        killed = kill_worker_during_attempt(redis_client, job_id, 0, 1, worker)
        wait_for(lambda: store.status(job_id)["status"] == "finished", 300, "the job to finish", worker)
        assert killed not in children(worker.pid), "the pool replaces the killed worker"
    finally:
        stop_worker(worker)
    status = store.status(job_id)
    assert status["progress"] == {"done": 2, "total": 2, "failed": 0}, status
    assert (attempts(redis_client, job_id, 0), attempts(redis_client, job_id, 1)) == (2, 1)
    lines = [json.loads(line) for line in store.iter_result_lines(job_id, 2)]
    assert [line["id"] for line in lines] == ["art-0", "art-1"]
    assert all(line["error"] is None for line in lines)
    assert_offsets_valid(lines[0]["result"], texts[0])


@pytest.mark.slow
def test_poison_article_ends_as_an_error_not_a_stuck_job(redis_server, redis_client, seed_texts, tmp_path):
    settings = JobSettings.from_env()
    store = JobStore(redis_client, settings)
    texts = [long_article(seed_texts), next(iter(seed_texts.values()))]
    job_id = store.create({"text": t, "id": f"art-{i}"} for i, t in enumerate(texts))
    worker = start_worker(redis_server.url, tmp_path / "worker.log")
    try:
        for attempt in range(1, settings.max_attempts + 1):
            kill_worker_during_attempt(redis_client, job_id, 0, attempt, worker)
        wait_for(lambda: store.status(job_id)["status"] == "finished", 300, "the job to finish", worker)
    finally:
        stop_worker(worker)
    status = store.status(job_id)
    assert status["progress"] == {"done": 2, "total": 2, "failed": 1}, status
    # Either a last start records the error, or the recovery of the abandoned third attempt does:
    # which one comes first depends on timing; no article runs more than max_attempts times.
    assert attempts(redis_client, job_id, 0) in (settings.max_attempts, settings.max_attempts + 1)
    poison, healthy = (json.loads(line) for line in store.iter_result_lines(job_id, 2))
    assert poison["result"] is None and poison["error"]["type"].endswith(":article-failed")
    assert f"after {settings.max_attempts} attempt" in poison["error"]["detail"]
    assert healthy["error"] is None and healthy["id"] == "art-1"
    assert redis_client.llen("rq:queue:zitat") == 0


@pytest.mark.slow
def test_fork_mode_killed_work_horse_is_retried_at_once(redis_server, redis_client, seed_texts, tmp_path):
    """`zitat worker --fork`: the worker notices its work-horse's death itself and requeues the article."""
    store = JobStore(redis_client, JobSettings.from_env())
    text = long_article(seed_texts)
    job_id = store.create([{"text": text, "id": "forked"}])
    pool = start_worker(redis_server.url, tmp_path / "fork.log", "--fork")
    try:
        wait_for(lambda: attempts(redis_client, job_id, 0) >= 1, 240, "the first attempt", pool)
        (worker,) = children(pool.pid)
        # The worker may also have forked RQ's scheduler; the work-horse is its newest child.
        horse = max(wait_for(lambda: children(worker), 10, "the work-horse", pool), key=start_time)
        os.kill(horse, signal.SIGKILL)
        assert not redis_client.hexists(job_key(job_id, "results"), "0")
        wait_for(lambda: store.status(job_id)["status"] == "finished", 300, "the job to finish", pool)
        assert worker in children(pool.pid), "the worker itself survived; only its work-horse died"
    finally:
        stop_worker(pool)
    assert store.status(job_id)["progress"] == {"done": 1, "total": 1, "failed": 0}
    assert attempts(redis_client, job_id, 0) == 2
    assert "Work-horse terminated unexpectedly" in (tmp_path / "fork.log").read_text()


@pytest.mark.slow
def test_whole_worker_killed_is_recovered_by_another_worker(redis_server, redis_client, seed_texts, tmp_path):
    """The machine goes away (pool and worker killed): RQ's maintenance in another pool finds the
    abandoned article once its heartbeat expires and retries it."""
    store = JobStore(redis_client, JobSettings.from_env())
    text = long_article(seed_texts)
    job_id = store.create([{"text": text, "id": "only"}])
    first = start_worker(redis_server.url, tmp_path / "first.log")
    try:
        wait_for(lambda: attempts(redis_client, job_id, 0) >= 1, 240, "the first attempt", first)
    finally:
        stop_worker(first)  # kill -9 of the whole process group
    assert store.status(job_id)["progress"]["done"] == 0
    second = start_worker(redis_server.url, tmp_path / "second.log")
    try:
        wait_for(lambda: store.status(job_id)["status"] == "finished", 300, "recovery by the second worker", second)
    finally:
        stop_worker(second)
    assert store.status(job_id)["progress"] == {"done": 1, "total": 1, "failed": 0}
    assert attempts(redis_client, job_id, 0) == 2
    (line,) = [json.loads(raw) for raw in store.iter_result_lines(job_id, 1)]
    assert line["error"] is None and line["id"] == "only"
    assert_offsets_valid(line["result"], text)


# -- zitat batch ---------------------------------------------------------------------------------


def archive_lines(seed_texts) -> tuple[bytes, list[str]]:
    texts = list(seed_texts.values())[:3]
    lines = [json.dumps({"text": t, "id": f"s{i}"}, ensure_ascii=False) for i, t in enumerate(texts)]
    lines.insert(1, '{"id": "no-text"}')
    lines.append("{not json")
    return ("\n".join(lines) + "\n").encode(), texts


def check_batch_output(output: Path, texts: list[str]) -> None:
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [line["index"] for line in lines] == [0, 1, 2, 3, 4]
    assert [line["id"] for line in lines] == ["s0", None, "s1", "s2", None]
    assert lines[1]["error"]["status"] == 422 and lines[4]["error"]["status"] == 400
    for line, text in zip((lines[0], lines[2], lines[3]), texts):
        assert line["error"] is None
        assert_offsets_valid(line["result"], text)


def batch_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "service.cli", "batch", *args]


@pytest.mark.slow
def test_batch_in_process_with_local_workers(seed_texts, tmp_path):
    source, texts = archive_lines(seed_texts)
    (tmp_path / "in.ndjson").write_bytes(source)
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        batch_command(str(tmp_path / "in.ndjson"), "-o", str(tmp_path / "out.ndjson"), "--workers", "2"),
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "5 articles" in done.stderr and "2 with errors" in done.stderr
    check_batch_output(tmp_path / "out.ndjson", texts)


@pytest.mark.slow
def test_batch_through_the_job_api(app, analyzer, redis_server, seed_texts, tmp_path):
    """`zitat batch --url` against the real app over HTTP; a real RQ worker here processes the queue."""
    from werkzeug.serving import make_server

    from service.redis_server import free_port

    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    source, texts = archive_lines(seed_texts)
    (tmp_path / "in.ndjson").write_bytes(source)
    try:
        batch = subprocess.Popen(
            batch_command(str(tmp_path / "in.ndjson"), "-o", str(tmp_path / "out.ndjson"), "--url",
                          f"http://127.0.0.1:{port}", "--chunk", "2", "--in-flight", "2"),
            cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 600
        while batch.poll() is None and time.monotonic() < deadline:
            run_queue(redis_server.url, analyzer)
            time.sleep(0.2)
        stderr = batch.communicate(timeout=60)[1].decode()
    finally:
        server.shutdown()
    assert batch.returncode == 0, stderr[-3000:]
    check_batch_output(tmp_path / "out.ndjson", texts)
