"""A file's SHA-256, read in blocks: the one way the build fingerprints a file (the lineage of every
step, the report's run manifest). Archived articles are hashed from the bytes already read."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
