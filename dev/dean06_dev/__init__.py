"""Development tooling outside the runtime package: benchmark, synthetic corpora, browser check."""
