"""Deployment files: Docker cannot run here, so parse them and check them against the app."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from service.config import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
K8S = DEPLOY / "k8s"
ENV_READ = re.compile(r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|os\.getenv\(|\b_?env_[a-z]+\(|setdefault\()\s*["']([A-Z][A-Z0-9_]*)["']""")
# Names read by Python, pip or the image itself rather than by our code.
PLATFORM_ENV = {"PATH", "HOME", "VIRTUAL_ENV", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK"}


def env_names_read_by_the_app() -> set[str]:
    sources = [*sorted((REPO_ROOT / "service").glob("*.py")), DEPLOY / "gunicorn.conf.py"]
    return {name for path in sources for name in ENV_READ.findall(path.read_text(encoding="utf-8"))}


def k8s_documents() -> list[dict]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    return docs


def by_kind(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in k8s_documents() if doc["kind"] == kind}


def containers(deployment: dict) -> list[dict]:
    return deployment["spec"]["template"]["spec"]["containers"]


def app_routes() -> set[str]:
    from service.app import build_app
    from service.config import Settings

    return {rule.rule for rule in build_app(Settings()).url_map.iter_rules()}


def cli_commands() -> set[str]:
    from service.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(subparsers.choices)


def test_manifests_parse_and_kustomization_lists_them_all():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == manifests
    kinds = {doc["kind"] for doc in k8s_documents()}
    assert {"Deployment", "Service", "HorizontalPodAutoscaler", "ConfigMap"} <= kinds


def test_api_probes_hit_real_routes_on_the_served_port():
    api = by_kind("Deployment")["zitat-api"]
    (container,) = containers(api)
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    env = {item["name"]: item.get("value") for item in container.get("env", [])}
    assert env["BIND"].rsplit(":", 1)[1] == str(ports["http"])
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    routes = app_routes()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] in routes and get["port"] in (ports["http"], "http")
    assert container["command"][:2] == ["zitat", "serve"]
    assert api["spec"]["selector"]["matchLabels"].items() <= api["spec"]["template"]["metadata"]["labels"].items()


def test_service_and_hpa_point_at_the_api():
    api = by_kind("Deployment")["zitat-api"]
    service = by_kind("Service")["zitat-api"]
    assert service["spec"]["selector"].items() <= api["spec"]["template"]["metadata"]["labels"].items()
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] in ("http", containers(api)[0]["ports"][0]["containerPort"])
    hpa = by_kind("HorizontalPodAutoscaler")["zitat-api"]
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "zitat-api"}
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]


def test_every_container_has_resources_and_runs_as_non_root():
    for name, deployment in by_kind("Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in containers(deployment):
            resources = container["resources"]
            assert resources["requests"]["cpu"] and resources["requests"]["memory"], name
            assert resources["limits"]["memory"], name


def test_worker_runs_the_worker_command_against_the_shared_redis():
    worker = by_kind("Deployment")["zitat-worker"]
    (container,) = containers(worker)
    assert container["command"][0] == "zitat" and container["command"][1] in cli_commands() - {"serve"}
    assert container["command"][1] == "worker"
    config = by_kind("ConfigMap")["zitat-config"]["data"]
    assert {ref["configMapRef"]["name"] for ref in container["envFrom"]} == {"zitat-config"}
    redis_service = by_kind("Service")["zitat-redis"]
    assert config["REDIS_URL"].startswith(f"redis://{redis_service['metadata']['name']}:{redis_service['spec']['ports'][0]['port']}/")


def test_every_environment_name_in_the_manifests_is_read_by_the_app():
    known = env_names_read_by_the_app() | PLATFORM_ENV
    used: set[str] = set(by_kind("ConfigMap")["zitat-config"]["data"])
    for deployment in by_kind("Deployment").values():
        for container in containers(deployment):
            used |= {item["name"] for item in container.get("env", [])}
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    for service in compose["services"].values():
        environment = service.get("environment") or {}
        used |= set(environment if isinstance(environment, dict) else (item.split("=")[0] for item in environment))
    used -= {"<<"}
    dockerfile_env = re.findall(r"\b([A-Z][A-Z0-9_]*)=", "\n".join(
        line for line in (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ").splitlines() if line.startswith("ENV ")
    ))
    used |= set(dockerfile_env)
    assert used - known == set(), f"environment names nothing reads: {sorted(used - known)}"
    assert "REDIS_URL" in used


def test_compose_runs_api_worker_and_redis_from_one_image():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"api", "worker", "redis"}
    assert services["api"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / services["api"]["build"]["context"]).resolve() == REPO_ROOT
    assert services["worker"]["image"] == services["api"]["image"]
    assert services["api"]["command"][1] == "serve" and services["worker"]["command"][1] == "worker"
    host, container = services["api"]["ports"][0].split(":")
    assert services["api"]["environment"]["BIND"].endswith(":" + container)
    assert services["api"]["environment"]["REDIS_URL"].startswith("redis://redis:")


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_dockerfile_cpu_torch_baked_model_non_root_healthcheck():
    instructions = dockerfile_instructions()
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "download.pytorch.org/whl/cpu" in runs
    torch_pin = re.search(r'"torch==([^"]+)"', (REPO_ROOT / "pyproject.toml").read_text())
    assert torch_pin and f"torch=={torch_pin.group(1)}" in runs, "the image must install the torch that pyproject pins"
    final_stage = instructions[max(i for i, (op, _) in enumerate(instructions) if op == "FROM"):]
    copies = [arg for op, arg in final_stage if op == "COPY"]
    assert any(arg.split()[0] == "models/ner-de" for arg in copies), "the shipped model must be in the image"
    assert any("gunicorn.conf.py" in arg for arg in copies)
    user = [arg for op, arg in final_stage if op == "USER"]
    assert user and user[-1].split(":")[0] not in ("0", "root")
    (healthcheck,) = [arg for op, arg in final_stage if op == "HEALTHCHECK"]
    assert "/healthz" in healthcheck and "/healthz" in app_routes()
    exposed = [arg for op, arg in final_stage if op == "EXPOSE"]
    env_line = " ".join(arg for op, arg in final_stage if op == "ENV")
    bind = re.search(r"BIND=\S+:(\d+)", env_line)
    assert bind and exposed == [bind.group(1)]
    (cmd,) = [arg for op, arg in final_stage if op == "CMD"]
    assert shlex.split(cmd.strip("[]").replace(",", " "))[:2] == ["zitat", "serve"]


@pytest.mark.parametrize("path", ["service", "deploy/gunicorn.conf.py", "seeds", "pyproject.toml", "README.md"])
def test_files_the_image_copies_exist(path):
    assert (REPO_ROOT / path).exists(), f"{path} is copied by deploy/Dockerfile but missing"
