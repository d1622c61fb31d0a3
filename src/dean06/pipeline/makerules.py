"""make's step rules, generated from the step graph (steps.toml, dean06.pipeline.graph).

`python -m dean06.pipeline.makerules` prints the rules make includes (`.tmp/steps.mk`); with
`--all-src` (no environment yet to follow imports with) every step depends on every file under src/.
"""

from __future__ import annotations

import glob
import sys

from dean06.edition import LANGS
from dean06.pipeline.graph import ARCHIVE, PLACEHOLDERS, environment, steps


def make_words(pattern: str) -> str:
    """A pattern as make words: placeholders as make loops, globs as make's own wildcard (so a new
    article is seen without generating the rules again)."""
    text = pattern.rstrip("/")
    loops = {"lang": "$(LANGS)", "chart": "$(CHARTS)", "source": "$(SOURCE_IDS)"}
    used = [k for k in PLACEHOLDERS if "{" + k + "}" in text]
    for key in used:
        text = text.replace("{" + key + "}", f"$({key})")
    if glob.has_magic(text):
        text = f"$(sort $(wildcard {text}))"
    for key in reversed(used):
        text = f"$(foreach {key},{loops[key]},{text})"
    return text


def _var(name: str) -> str:
    return name.upper()


def makefile(all_src: bool = False) -> str:
    from dean06.pipeline import inputs

    every = steps()
    lines = ["# Made by `python -m dean06.pipeline.graph` from src/dean06/pipeline/steps.toml (the step graph): do not edit.",
             "# Each step's rule: its outputs and executed notebooks, its declared inputs, the environment and its",
             "# files under src/ (the code it imports and the text it reads, dean06.pipeline.inputs).",
             f"LANGS := {' '.join(LANGS)}",
             f"ENVIRONMENT := {' '.join(environment())}",
             "SOURCE_IDS := $(shell awk -F, 'NR > 1 && $$1 != \"\" {print $$1}' data/raw/sources.csv 2>/dev/null)",
             ""]
    for s in every.values():
        v = _var(s.name)
        executed = [s.executed(lang) for lang in s.runs()] if s.notebook else []
        outputs = [make_words(p) for p in s.outputs] + executed
        prereqs = ([s.notebook] if s.notebook else []) + [make_words(p) for p in s.inputs]
        src = "$(SRC)" if all_src else " \\\n  ".join(inputs.sources(s.name))
        lines += [f"{v}_OUTPUTS := {' '.join(outputs)}",
                  f"{v}_INPUTS := {' '.join(prereqs)}",
                  f"{v}_SRC := {src}"]
    lines.append("EXECUTED := " + " ".join(s.executed(lang) for s in every.values() if s.notebook for lang in s.runs()))
    lines.append("")
    lines.append("# make never deletes an output, also when a build is interrupted: a step publishes all or none")
    lines.append(".PRECIOUS: " + " ".join(f"$({_var(n)}_OUTPUTS)" for n in every))
    for s in every.values():
        v = _var(s.name)
        order = " ".join(f"$({_var(a)}_OUTPUTS)" for a in s.after)
        lines += ["", f"$({v}_OUTPUTS) &: $({v}_INPUTS) $(ENVIRONMENT) $(VENV_STAMP) $({v}_SRC)" + (f" | {order}" if order else "")]
        if any(p.startswith(ARCHIVE) for p in s.inputs):  # evidence: git does not keep the read-only bit
            lines.append(f"\t@chmod a-w $(filter {ARCHIVE}%,$({v}_INPUTS))")
        if s.first:
            lines.append(f"\t@$(COMMAND) {s.first}")
        lines.append(f"\t@$(BUILD) {s.name}" if s.notebook else f"\t@$(COMMAND) {s.module}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sys.stdout.write(makefile(all_src="--all-src" in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
