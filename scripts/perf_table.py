"""Regenerate the README's table of benchmark figures from the logs ``scripts/bench.sh`` keeps.

    .venv/bin/python scripts/perf_table.py benchmarks/results/*.log [--readme README.md]

Every figure is a ``RESULT`` line (``benchmarks/harness.py: result``); a benchmark run twice has
two logs, and the table shows both runs side by side with the machine's load average before each.
The table replaces what stands between ``<!-- results:start -->`` and ``<!-- results:end -->``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

START, END = "<!-- results:start -->", "<!-- results:end -->"
RESULT = re.compile(r"^RESULT (?P<name>\S+) value=(?P<value>\S+) baseline=(?P<baseline>\S+) "
                    r"ratio=(?P<ratio>\S+) target=(?P<target>\S+) met=(?P<met>yes|no)$")


@dataclass
class Run:
    command: str
    started: str
    load: str
    results: dict[str, dict[str, str]] = field(default_factory=dict)


def read_log(path: Path) -> Run:
    header = {}
    results = {}
    for line in path.read_text().splitlines():
        if line.startswith("# ") and ": " in line:
            key, value = line[2:].split(": ", 1)
            header[key] = value
        elif match := RESULT.match(line):
            results[match["name"]] = match.groupdict()
    if "command" not in header:
        raise SystemExit(f"{path}: not written by scripts/bench.sh (no '# command:' line)")
    load = header.get("load before", "?").split()[0]
    # a run measuring a database the previous one kept is the same benchmark
    command = re.sub(r" --(keep|reuse \S+)", "", header["command"]).strip()
    return Run(command, header.get("started", "?").split(" on ")[0], load, results)


def table(runs: list[Run]) -> str:
    lines = ["| figure | run 1 (load) | run 2 (load) | baseline (run 1) | ratio run 1 / run 2 | target | met |",
             "|---|---|---|---|---|---|---|"]
    by_command: dict[str, list[Run]] = {}
    for run in sorted(runs, key=lambda r: r.started):
        by_command.setdefault(run.command, []).append(run)
    for command, same in by_command.items():
        lines.append(f"| **`{command.removeprefix('.venv/bin/python ')}`** | | | | | | |")
        names = list(dict.fromkeys(name for run in same for name in run.results))
        for name in names:
            figures = [run.results.get(name) for run in same[:2]]
            cells = [f"{f['value']} ({run.load})" if f else "—" for f, run in zip(figures, same, strict=False)]
            cells += ["—"] * (2 - len(cells))
            first = next(f for f in figures if f)
            ratios = " / ".join(f["ratio"] if f else "—" for f in figures)
            met = " / ".join(f["met"] if f else "—" for f in figures)
            lines.append(f"| {name} | {cells[0]} | {cells[1]} | {first['baseline']} | {ratios} | "
                         f"{first['target'].replace('|', '/')} | {met} |")
    dates = sorted(run.started for run in runs)
    lines.append("")
    lines.append(f"Runs from {dates[0]} to {dates[-1]}; the load average (1 minute) before each run is in brackets "
                 f"(2 cores; it still carries the last minute of the benchmark run just before, nothing else ran). "
                 "Logs: `benchmarks/results/`.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="+", type=Path)
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    args = parser.parse_args()
    text = args.readme.read_text()
    if START not in text or END not in text:
        sys.exit(f"{args.readme} has no {START} … {END} section")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    args.readme.write_text(f"{before}{START}\n{table([read_log(p) for p in args.logs])}\n{END}{after}")


if __name__ == "__main__":
    main()
