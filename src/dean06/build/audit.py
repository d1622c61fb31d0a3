"""`make audit`: the evidence check (`dean06.evidence.audit`) plus the audit of a built tree — every
output recorded in lineage.json still hashes as recorded, and so do its inputs; the reports'
citation links resolve.

    python -m dean06.build.audit [--quiet]
"""

from __future__ import annotations

import sys
from pathlib import Path

from dean06 import paths
from dean06.build.lineage import verify
from dean06.build.links import verify_reports
from dean06.evidence.audit import AuditResult, report, run_audit


def run(root: Path | None = None) -> AuditResult:
    root = root or paths.project_root()
    result = run_audit(root)
    result.problems = verify(root) + verify_reports(root) + result.problems
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return report(run(), "hashes, quotes, values, integrity, coverage, the build's lineage and the reports' "
                  "citation links", quiet="--quiet" in args)


if __name__ == "__main__":
    sys.exit(main())
