#!/usr/bin/env python3
"""CI security checks: a static check of the code (bandit) and a dependency audit (pip-audit).

* bandit fails the run on any finding of medium or high severity in service/ and scripts/.
* pip-audit fails the run on any known vulnerability in the installed environment. When the
  vulnerability service cannot be reached, or cannot look up the installed versions (an offline
  mirror, versions unknown to PyPI), the audit is reported as NOT PERFORMED, loudly, without
  failing the run; `--strict` turns that into a failure.

    .venv/bin/python scripts/security_checks.py            # both
    .venv/bin/python scripts/security_checks.py --strict   # an audit that could not run fails too
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AUDIT_TIMEOUT_S = 300


def run_bandit() -> bool:
    command = [str(BIN / "bandit"), "-q", "-r", "service", "scripts", "--severity-level", "medium", "--confidence-level", "medium"]
    print("$ " + " ".join(command), flush=True)
    completed = subprocess.run(command, cwd=REPO_ROOT)
    print(f"bandit: {'no medium/high findings' if completed.returncode == 0 else 'FINDINGS (see above)'}")
    return completed.returncode == 0


def run_pip_audit(strict: bool) -> bool:
    command = [str(BIN / "pip-audit"), "--local", "--progress-spinner", "off", "--format", "json"]
    print("$ " + " ".join(command), flush=True)
    try:
        completed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return _not_performed(f"pip-audit did not finish within {AUDIT_TIMEOUT_S} s", strict)
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        return _not_performed("the vulnerability service could not be reached: " + " | ".join(tail), strict)
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dep in vulnerable:
        ids = ", ".join(f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['?'])})" for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']} {dep.get('version')}: {ids}")
    print(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} vulnerable, {len(skipped)} not auditable")
    if vulnerable:
        return False
    if dependencies and audited == 0:
        return _not_performed(f"none of the {len(dependencies)} installed packages could be looked up ({skipped[0]['skip_reason']})", strict)
    return True


def _not_performed(reason: str, strict: bool) -> bool:
    print("=" * 78)
    print(f"DEPENDENCY AUDIT NOT PERFORMED: {reason}")
    print("Run `scripts/security_checks.py --strict` where PyPI's vulnerability data is reachable.")
    print("=" * 78)
    return not strict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strict", action="store_true", help="fail when the dependency audit could not run")
    parser.add_argument("--skip-audit", action="store_true", help="only the static check")
    args = parser.parse_args(argv)
    static_ok = run_bandit()
    audit_ok = True if args.skip_audit else run_pip_audit(args.strict)
    return 0 if static_ok and audit_ok else 1


if __name__ == "__main__":
    sys.exit(main())
