"""schemathesis against the committed openapi.yaml on a running server (gunicorn, real model, real Redis).

Every operation in the document gets generated requests, valid and invalid; every answer must be
no server error and conform to the document (status, content type, headers, schema).
The number of examples per operation is bounded for CI: ZITAT_SCHEMATHESIS_EXAMPLES (default 25).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from live_service import LiveService
from service.config import REPO_ROOT

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("ZITAT_SCHEMATHESIS_EXAMPLES", "25"))

schema = schemathesis.openapi.from_path(REPO_ROOT / "openapi.yaml")


@pytest.fixture(scope="module")
def live():
    # A generous rate limit and small pipeline budget: generated requests must never be throttled
    # into false failures, and no generated text may hold a worker for long.
    with LiveService({"PIPELINE_TIMEOUT_S": "20", "REDIS_RETRY_AFTER_S": "0.5"}) as service:
        workers = service.worker_pids()
        yield service
        assert service.worker_pids() == workers, "a worker died during the schemathesis run"


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_openapi(case, live):
    case.call_and_validate(base_url=live.base, timeout=60)
