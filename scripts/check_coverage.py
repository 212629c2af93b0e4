"""The coverage gate of style guide section 8: actions, transitions, queries, calculations and
rules need 100%.

Usage: python scripts/check_coverage.py   (after `pytest --cov=aglomera --cov-branch`)

Reads the branch coverage data in .coverage and docs/coverage-ratchet.txt, whose lines are

    aglomera/<app>/<module>.py  <minimum percent>  # why it is not at 100% yet

Every module matching GATED that is not listed must be at 100% (checked with `coverage report
--fail-under=100`). A listed module must stay at or above its minimum, and the gate fails once
it reaches 100%, so that its line is removed: the list only ever shrinks. Prints one verdict
line last and exits with status 1 on any failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coverage import CoverageData

ROOT = Path(__file__).resolve().parent.parent
RATCHET = ROOT / "docs" / "coverage-ratchet.txt"
# Every app keeps its writes in actions/, its read side in queries/ and its domain calculations
# in calculations/ (tests/test_architecture.py enforces the shape). Keep equal to the `include`
# of [tool.coverage.run] in pyproject.toml, which measures only these modules.
GATED = (
    "aglomera/*/actions/*.py",
    "aglomera/*/transitions.py",
    "aglomera/*/queries/*.py",
    "aglomera/*/calculations/*.py",
    "aglomera/*/rules.py",
)


def coverage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed command, no shell
        [sys.executable, "-m", "coverage", "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def read_ratchet(gated: set[str]) -> tuple[dict[str, float], list[str]]:
    minimums: dict[str, float] = {}
    errors: list[str] = []
    lines = RATCHET.read_text(encoding="utf-8").splitlines() if RATCHET.exists() else []
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{RATCHET.relative_to(ROOT)}:{number}"
        parts = line.split()
        try:
            path, minimum = parts[0], float(parts[1])
            if len(parts) != 2 or not 0 <= minimum < 100:
                raise ValueError
        except (IndexError, ValueError):
            errors.append(f"{where}: expected 'path minimum-percent  # reason', got {raw!r}")
            continue
        if path not in gated:
            errors.append(f"{where}: {path} is not a gated module ({', '.join(GATED)})")
        elif path in minimums:
            errors.append(f"{where}: {path} is listed twice")
        else:
            minimums[path] = minimum
    return minimums, errors


def main() -> int:
    gated = {str(p.relative_to(ROOT)) for pattern in GATED for p in ROOT.glob(pattern)}
    minimums, errors = read_ratchet(gated)
    if errors:
        print("\n".join(errors))
        print("Coverage gate FAILED: fix docs/coverage-ratchet.txt.")
        return 1

    failures: list[str] = []
    # Only measured files appear in a report: a gated module no test imports must fail too.
    data = CoverageData(basename=str(ROOT / ".coverage"))
    data.read()
    measured = {str(Path(name).resolve().relative_to(ROOT)) for name in data.measured_files()}
    unmeasured = sorted(gated - measured)
    if unmeasured:
        failures.append(f"never run by a test: {', '.join(unmeasured)}")
    args = ["--fail-under=100", "--show-missing", "--skip-covered", f"--include={','.join(GATED)}"]
    if minimums:
        args.append(f"--omit={','.join(sorted(minimums))}")
    strict = coverage(*args)
    if strict.returncode != 0:
        print(f"$ coverage report {' '.join(args)}")
        print(strict.stdout + strict.stderr, end="")
        failures.append("gated modules below 100% branch coverage (listed above)")

    ratchet_notes: list[str] = []
    for path, minimum in sorted(minimums.items()):
        total = coverage(f"--include={path}", "--format=total", "--precision=2")
        try:
            percent = float(total.stdout.strip())
        except ValueError:
            print(total.stdout + total.stderr, end="")
            failures.append(f"no coverage data for {path}")
            continue
        if percent >= 100:
            failures.append(f"{path} reached 100%: remove its line from docs/coverage-ratchet.txt")
        elif percent < minimum:
            failures.append(
                f"{path} fell to {percent:.2f}%, below its ratchet minimum {minimum:g}%"
            )
        else:
            ratchet_notes.append(f"{path} {percent:.2f}% >= {minimum:g}%")

    if failures:
        print("Coverage gate FAILED: " + "; ".join(failures) + ".")
        return 1
    listed = f"; ratchet: {', '.join(ratchet_notes)}" if ratchet_notes else ""
    print(
        f"Coverage gate passed: {len(gated) - len(minimums)} actions/transitions/queries/"
        f"calculations/rules "
        f"modules at 100% branch coverage{listed}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
