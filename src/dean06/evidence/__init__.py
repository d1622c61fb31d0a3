"""Stage 0, evidence: the archive, verbatim quotes and the coverage of every number (checks only)."""
