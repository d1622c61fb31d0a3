"""`make audit`: the evidence check plus the audit of the built tree.

The built tree is checked against lineage.json (every recorded output and input hashes as
recorded) and the published reports' citation links. Exit 0 when everything checks out.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dean06 import paths
from dean06.pipeline.lineage import verify
from dean06.pipeline.links import verify_reports
from dean06.evidence.audit import AuditResult, report, run_audit


def run(root: Path | None = None) -> AuditResult:
    root = root or paths.project_root()
    result = run_audit(root)
    result.problems = verify(root) + verify_reports(root) + result.problems
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    checked = "hashes, quotes, values, integrity, coverage, the build's lineage and the reports' citation links"
    return report(run(), checked, quiet="--quiet" in args)


if __name__ == "__main__":
    sys.exit(main())
