"""The deployment files: Kubernetes manifests valid against the Kubernetes schemas, compose, image, lock, SBOM."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parents[3]
K8S_VERSION = "1.30.0"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def _manifests() -> list[dict[str, Any]]:
    return [doc for path in sorted((ROOT / "deploy").glob("*.yaml")) for doc in _documents(path)]


def test_manifests_are_valid_against_the_kubernetes_schemas() -> None:
    """Every manifest in deploy/ validates (strict: no unknown fields) against the schemas kubernetes-validate ships."""
    manifests = _manifests()
    assert {m["kind"] for m in manifests} >= {"Deployment", "Service", "ConfigMap", "Secret", "PersistentVolumeClaim"}
    for manifest in manifests:
        kubernetes_validate.validate(manifest, K8S_VERSION, strict=True)


def test_deployments_run_non_root_with_probes_resources_and_secrets_as_files() -> None:
    """API and worker: non-root, no privilege escalation, resources; the API has probes and no in-process worker;
    several worker replicas; secrets come as mounted files, never as environment values."""
    deployments = {m["metadata"]["name"]: m for m in _manifests() if m["kind"] == "Deployment"}
    api, worker = deployments["egov-adapter-api"], deployments["egov-adapter-worker"]
    assert worker["spec"]["replicas"] >= 2
    for deployment in (api, worker):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
        container = pod["containers"][0]
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["resources"]["requests"] and container["resources"]["limits"]["memory"]
        assert any(v.get("secret") for v in pod["volumes"])
        assert not any("PASSWORD" in e["name"] and "value" in e for e in container.get("env", []))
    probes = api["spec"]["template"]["spec"]["containers"][0]
    assert probes["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert probes["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert {"name": "EGOV_API_WORKER", "value": "false"} in probes["env"]


def test_compose_runs_api_workers_and_postgresql() -> None:
    """docker/compose.yaml: the API without its in-process worker, a worker service, PostgreSQL as the journal."""
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) >= {"api", "worker", "db"}
    assert services["api"]["environment"]["EGOV_API_WORKER"] == "false"
    assert services["worker"]["command"] == ["worker"]
    assert services["db"]["image"].startswith("postgres")


def test_image_has_labels_a_tls_aware_healthcheck_and_installs_from_the_lock() -> None:
    """The Dockerfile: OCI labels, HEALTHCHECK through `egov-adapter health`, the entry script; install.sh uses the
    lock with hashes."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for label in ("title", "version", "revision", "created", "licenses", "base.name"):
        assert f"org.opencontainers.image.{label}=" in dockerfile
    assert 'CMD ["egov-adapter", "health"]' in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/egov-entrypoint"]' in dockerfile
    install = (ROOT / "docker" / "install.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in install and "requirements.lock" in install and '--no-deps "$src"' in install


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    # a pin may carry an environment marker: uvloop==0.23.0 ; sys_platform != "win32" \
    return {m.group(1).lower(): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)(?: ;[^\n\\]*)? \\$", text, re.M)}


def test_lock_pins_every_dependency_with_hashes() -> None:
    """requirements.lock pins each direct dependency of pyproject.toml exactly, every pin with a SHA-256."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = _locked()
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("dependencies = [", 1)[1].split("]", 1)[0]
    direct = {re.split(r"[<>=\[ ]", line.strip().strip('",'))[0].lower()
              for line in project.splitlines() if line.strip().startswith('"')}
    assert direct and direct <= set(locked), direct - set(locked)
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text)[1:]
    assert len(blocks) == len(locked)
    for block in blocks:
        assert "--hash=sha256:" in block, block[:80]


def test_sbom_from_the_lock_is_cyclonedx_listing_every_locked_package(tmp_path: Path) -> None:
    """The CycloneDX SBOM (what .ci/run publishes) built from the lock names each locked package and version."""
    out = tmp_path / "sbom.cdx.json"
    done = subprocess.run([sys.executable, "-m", "cyclonedx_py", "requirements", str(ROOT / "requirements.lock"),
                           "--of", "JSON", "--output-reproducible", "-o", str(out)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    bom = json.loads(out.read_text(encoding="utf-8"))
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"].startswith("1.")
    listed = {c["name"].lower(): c["version"] for c in bom["components"]}
    assert listed == _locked()
