"""Time cpd-xl against the read/write floor and a pandas baseline, per trust size.

    python bench/run.py --sizes 10,30,100
    python bench/run.py --smoke

For each size the synthetic trust is made if missing (bench/make_trust.py,
not timed), its files are read once to warm the page cache, and then three
jobs run one after another, each in its own process:

1. end to end: ``cpd-xl report DROP --period ... --out OUT --quiet``;
2. floor: bench/jobs.py floor, calamine reads + xlsxwriter writes of as many
   cells as cpd-xl wrote (counted in its output after the run, not timed);
3. baseline: bench/jobs.py baseline, pandas read_excel + concat + to_excel.

Seconds are wall-clock from start to exit. Peak memory is the larger of
the process's own peak resident set (``os.wait4`` rusage ``ru_maxrss``,
exact for one process, but never below this runner's resident set when the
job started, which Linux carries over a fork and exec; the runner keeps
itself small and records that floor as ``launcher_mib``) and the summed
proportional set size (PSS) of the process and its children sampled from
/proc every 0.1 s (catches worker pools; a forked child's pages shared with
its parent count once). The table
is printed and written to OUT/results.md, the raw numbers to
OUT/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import make_trust  # noqa: E402  (a sibling script, not a package)

DEFAULT_OUT = BENCH / "out"
JOBS = ("e2e", "floor", "baseline")
COLUMNS = (
    "academies",
    "files",
    "rows",
    "e2e s",
    "floor s",
    "baseline s",
    "e2e/floor",
    "baseline/e2e",
    "e2e peak MiB",
    "floor peak MiB",
    "baseline peak MiB",
    "e2e s/1k rows",
    "floor s/1k rows",
    "baseline s/1k rows",
    "cells out",
)
CPU_COLUMNS = (
    "academies",
    "e2e cpu s",
    "floor cpu s",
    "baseline cpu s",
    "e2e/floor cpu",
    "baseline/e2e cpu",
)
SAMPLE_SECONDS = 0.1
MIB = 1024 * 1024


@dataclass
class Run:
    """One timed job: how long, how much memory, how it ended."""

    job: str
    seconds: float | None = None
    cpu_seconds: float | None = None
    peak_mib: float | None = None
    exit_code: int | None = None
    ok: bool = False
    note: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class SizeResult:
    """Every job's run at one trust size."""

    academies: int
    files: int
    rows: int
    records: int
    cells_in: int
    cells_out: int | None = None
    cells_out_counted: bool = False
    runs: dict[str, Run] = field(default_factory=dict)


def tree_rss(root: int) -> int:
    """Memory of ``root`` and all its descendants, in bytes, from /proc.

    Each process counts its proportional set size (PSS, from smaps_rollup)
    where the kernel gives it, so pages a forked child shares with its parent
    are counted once between them; else its resident set.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += proportional_size(pid, rss.get(pid, 0))
        stack.extend(children.get(pid, ()))
    return total


def proportional_size(pid: int, fallback: int) -> int:
    """A process's PSS in bytes, or ``fallback`` when /proc does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return fallback


def measure(
    job: str, command: list[str], log: Path, environment: dict | None = None
) -> Run:
    """Run ``command`` in a process of its own and measure time and peak memory."""
    run = Run(job)
    run.detail["launcher_mib"] = own_rss_mib()
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = [0]
    done = threading.Event()
    with open(log, "wb") as output, open(log.with_suffix(".err"), "wb") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=output, stderr=errors, env=environment
        )

        def sample() -> None:
            while not done.wait(SAMPLE_SECONDS):
                try:
                    peak[0] = max(peak[0], tree_rss(process.pid))
                except OSError:
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        if Path("/proc").is_dir():
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            # Interrupted: take the job down too rather than leave it running.
            process.kill()
            process.wait()
            raise
        run.seconds = time.perf_counter() - start
        done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    own = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    run.peak_mib = max(own, peak[0]) / MIB
    # User + system time of the job and every child it waited for.
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    run.exit_code = process.returncode
    return run


def cpd_xl_command(source: Path | None) -> tuple[list[str], dict | None]:
    """The command and environment that run ``cpd-xl``.

    Without ``source``, the installed ``cpd-xl``; with it, the CLI of the
    cpd_xl package exported into ``source``, put first on PYTHONPATH.
    """
    if source is None:
        found = shutil.which("cpd-xl")
        if found:
            return [found], None
    environment = None
    if source is not None:
        environment = {**os.environ, "PYTHONPATH": str(source)}
    # -P: the current folder (a checkout, perhaps) must not shadow ``source``.
    return [sys.executable, "-P", "-c", CLI], environment


CLI = "import sys; from cpd_xl.cli import main; sys.argv[0] = 'cpd-xl'; main()"


def export_commit(revision: str, out: Path) -> tuple[Path, str]:
    """Export cpd_xl/, catalogue/ and templates/ of a commit with git archive.

    The working tree, the index and the branch are left alone: others may be
    half-way through an edit, and a benchmark should measure a commit.
    """
    repo = str(BENCH.parent)
    commit = subprocess.run(
        ["git", "-C", repo, "rev-parse", "--short", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = out / f"src-{commit}"
    if not (target / "cpd_xl" / "__init__.py").is_file():
        archive = subprocess.run(
            ["git", "-C", repo, "archive", "--format=tar", commit]
            + ["cpd_xl", "catalogue", "templates"],
            capture_output=True,
            check=True,
        ).stdout
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    command, environment = cpd_xl_command(target)
    probe = subprocess.run(
        [sys.executable, "-P", "-c", "import cpd_xl; print(cpd_xl.__file__)"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout.strip()
    if not Path(probe).resolve().is_relative_to(target.resolve()):
        sys.exit(f"run.py: cpd_xl imports from {probe}, not from {target}")
    return target, commit


def count_cells(folder: Path) -> int:
    """Non-empty cells in every .xlsx under ``folder``, counted in a child."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "jobs.py"), "cells", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["cells"]


def own_rss_mib() -> float | None:
    """This process's resident set now, which a job it starts inherits."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def warm_cache(drop: Path) -> None:
    """Read every input file once, so no job pays for a cold disk."""
    for path in sorted(drop.rglob("*")):
        if path.is_file():
            path.read_bytes()


def last_line(path: Path) -> str:
    """The last non-blank line of a log, for the table's notes."""
    try:
        lines = [x for x in path.read_text(errors="replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return lines[-1][:200] if lines else ""


def run_job(
    job: str,
    drop: Path,
    work: Path,
    period: str,
    cells: int | None,
    source: Path | None = None,
) -> Run:
    """Run one job once on one trust."""
    target = work / job
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    log = work / f"{job}.log"
    environment = None
    if job == "e2e":
        command, environment = cpd_xl_command(source)
        command += [
            "report",
            str(drop),
            "--period",
            period,
            "--out",
            str(target),
            "--quiet",
        ]
    else:
        command = [
            sys.executable,
            str(BENCH / "jobs.py"),
            job,
            str(drop),
            str(target / f"{job}.xlsx"),
        ]
        if job == "floor" and cells is not None:
            command += ["--cells", str(cells)]
    run = measure(job, command, log, environment)
    # cpd-xl exits 1 when someone is not compliant: the job still ran.
    run.ok = run.exit_code in ((0, 1) if job == "e2e" else (0,))
    if not run.ok:
        run.note = last_line(log.with_suffix(".err")) or f"exit {run.exit_code}"
    elif job != "e2e":
        try:
            run.detail.update(json.loads(last_line(log)))
        except ValueError:
            pass
    return run


def best_of(runs: list[Run]) -> Run:
    """The fastest good run, carrying the highest peak seen across the repeats."""
    good = [r for r in runs if r.ok] or runs
    best = min(good, key=lambda r: r.seconds or 0.0)
    best.peak_mib = max(r.peak_mib or 0.0 for r in good)
    if len(good) > 1:
        spread = [r.seconds for r in good]
        best.detail["seconds_all"] = [round(s, 3) for s in spread]
        best.detail["seconds_median"] = round(statistics.median(spread), 3)
    return best


def bench_size(
    trust: Path,
    out: Path,
    repeat: int,
    jobs: tuple[str, ...],
    say,
    source: Path | None = None,
) -> SizeResult:
    """Run the jobs on one trust and gather their numbers."""
    manifest = make_trust.read_manifest(trust)
    result = SizeResult(
        academies=manifest["academies"],
        files=manifest["files"],
        rows=manifest["rows"],
        records=manifest["records"],
        cells_in=manifest["cells"],
    )
    work = out / trust.name
    warm_cache(trust)
    for job in JOBS:
        if job not in jobs:
            continue
        cells = result.cells_out if job == "floor" else None
        runs = []
        for attempt in range(repeat):
            say(f"{trust.name}: {job} ({attempt + 1}/{repeat})")
            runs.append(run_job(job, trust, work, manifest["period"], cells, source))
        result.runs[job] = best_of(runs)
        if job == "e2e":
            if result.runs[job].ok:
                result.cells_out = count_cells(work / "e2e")
                result.cells_out_counted = True
            else:
                say(f"{trust.name}: cpd-xl report failed: {result.runs[job].note}")
        say(f"{trust.name}: {job} {result.runs[job].seconds:.1f} s")
    if result.cells_out is None and "floor" in result.runs:
        result.cells_out = result.runs["floor"].detail.get("cells_written")
    return result


def seconds_of(result: SizeResult, job: str) -> float | None:
    run = result.runs.get(job)
    return run.seconds if run and run.ok else None


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def table_row(result: SizeResult) -> list[str]:
    """One row of the results table."""
    e2e, floor, base = (seconds_of(result, j) for j in JOBS)
    per_k = [
        None if s is None else s / (result.rows / 1000) for s in (e2e, floor, base)
    ]
    peaks = [
        result.runs[j].peak_mib if j in result.runs and result.runs[j].ok else None
        for j in JOBS
    ]
    cells = "n/a" if result.cells_out is None else f"{result.cells_out:,}"
    if result.cells_out is not None and not result.cells_out_counted:
        cells += " (read)"
    return [
        str(result.academies),
        str(result.files),
        f"{result.rows:,}",
        fmt(e2e),
        fmt(floor),
        fmt(base),
        fmt(ratio(e2e, floor), 2),
        fmt(ratio(base, e2e), 2),
        *(fmt(p, 0) for p in peaks),
        *(fmt(p, 3) for p in per_k),
        cells,
    ]


def cpu_row(result: SizeResult) -> list[str]:
    """One row of the CPU-time table."""
    cpu = [
        result.runs[j].cpu_seconds if j in result.runs and result.runs[j].ok else None
        for j in JOBS
    ]
    return [
        str(result.academies),
        *(fmt(c) for c in cpu),
        fmt(ratio(cpu[0], cpu[1]), 2),
        fmt(ratio(cpu[2], cpu[0]), 2),
    ]


def markdown_table(
    results: list[SizeResult], columns=COLUMNS, make_row=table_row
) -> str:
    """The results as a markdown table, one row per trust size."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---:|" * len(columns)]
    lines += ["| " + " | ".join(make_row(r)) + " |" for r in results]
    return "\n".join(lines)


def target_lines(results: list[SizeResult]) -> list[str]:
    """How the numbers stand against the issue's targets, in plain words."""
    lines = []
    measured = [r for r in results if seconds_of(r, "e2e") is not None]
    if not measured:
        return ["- cpd-xl report did not run, so no target can be judged."]
    for r in measured:
        value = ratio(seconds_of(r, "e2e"), seconds_of(r, "floor"))
        if value is not None:
            verdict = "met" if value <= 1.2 else f"missed by {value / 1.2:.2f}x"
            lines.append(
                f"- {r.academies} academies: end to end / floor = {value:.2f} "
                f"(target <= 1.20: {verdict})"
            )
    largest = max(measured, key=lambda r: r.academies)
    value = ratio(seconds_of(largest, "baseline"), seconds_of(largest, "e2e"))
    if value is not None:
        verdict = "met" if value >= 2 else f"missed by {2 / value:.2f}x"
        lines.append(
            f"- {largest.academies} academies: baseline / end to end = {value:.2f} "
            f"(target >= 2.00: {verdict})"
        )
    peak = largest.runs["e2e"].peak_mib
    verdict = "met" if peak < 1024 else f"missed by {peak / 1024:.2f}x"
    lines.append(
        f"- {largest.academies} academies: end-to-end peak {peak:,.0f} MiB "
        f"(target < 1,024 MiB: {verdict})"
    )
    if len(measured) > 1:
        smallest = min(measured, key=lambda r: r.academies)
        growth = (peak / smallest.runs["e2e"].peak_mib) / (largest.rows / smallest.rows)
        lines.append(
            f"- peak memory grew {peak / smallest.runs['e2e'].peak_mib:.1f}x for "
            f"{largest.rows / smallest.rows:.1f}x the rows "
            f"({'no more than linear' if growth <= 1 else 'faster than linear'})"
        )
        per_k = [seconds_of(r, "e2e") / r.rows * 1000 for r in measured]
        spread = max(per_k) / min(per_k) - 1
        verdict = "met" if spread <= 0.2 else "missed"
        lines.append(
            f"- end-to-end seconds per 1k rows vary by {spread:.0%} across sizes "
            f"(target flat within 20 %: {verdict})"
        )
    return lines


def machine() -> str:
    """One line about the machine and the library versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 1024**3:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    versions = []
    for module in ("cpd_xl", "python_calamine", "xlsxwriter", "openpyxl", "pandas"):
        try:
            from importlib.metadata import version

            name = {"cpd_xl": "cpd-xl", "python_calamine": "python-calamine"}
            versions.append(f"{module} {version(name.get(module, module))}")
        except Exception:
            versions.append(f"{module} absent")
    load = ", load average %.2f %.2f %.2f" % os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}{load}; Python "
        f"{platform.python_version()}; " + ", ".join(versions) + source_state()
    )


def source_state() -> str:
    """The commit of the cpd-xl tree measured, and whether cpd_xl/ had edits."""
    try:
        head = subprocess.run(
            ["git", "-C", str(BENCH.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(BENCH.parent), "status", "--porcelain", "cpd_xl"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"; commit {head}" + (
        " with uncommitted changes in cpd_xl/" if dirty else ""
    )


def write_results(
    results: list[SizeResult], out: Path, command: str, started: str, about: str
) -> str:
    """Write results.md and results.json into ``out``; return the markdown."""
    notes = []
    for r in results:
        for run in r.runs.values():
            if not run.ok:
                notes.append(f"- {r.academies} academies, {run.job} failed: {run.note}")
    text = "\n".join(
        [
            f"Command: `{command}` (started {started} UTC)",
            "",
            f"Machine: {about}",
            "",
            markdown_table(results),
            "",
            *target_lines(results),
            *notes,
            "",
            "CPU seconds (user + system, the job and its children), which other",
            "load on the machine disturbs less than wall-clock seconds:",
            "",
            markdown_table(results, CPU_COLUMNS, cpu_row),
            "",
        ]
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(text, encoding="utf-8")
    raw = {
        "command": command,
        "started": started,
        "machine": about,
        "sizes": [
            {
                **{k: v for k, v in asdict(r).items() if k != "runs"},
                "runs": {j: asdict(run) for j, run in r.runs.items()},
            }
            for r in results
        ],
    }
    (out / "results.json").write_text(json.dumps(raw, indent=2) + "\n")
    return text


def main(argv: list[str] | None = None) -> None:
    """Make the trusts asked for, run every job on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,30,100", help="academies per trust, comma-separated"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="only the tiny trust (2 academies x 20 staff), for CI",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per job; the fastest is reported"
    )
    parser.add_argument(
        "--jobs", default=",".join(JOBS), help="which of e2e,floor,baseline to run"
    )
    parser.add_argument("--data", type=Path, default=make_trust.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--commit",
        metavar="REV",
        help="measure cpd_xl as committed at REV (exported with git archive) "
        "instead of the installed cpd-xl",
    )
    args = parser.parse_args(argv)
    # A kill from outside ends the runner through its clean-up path.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    jobs = tuple(j.strip() for j in args.jobs.split(",") if j.strip())
    unknown = set(jobs) - set(JOBS)
    if unknown:
        parser.error(f"unknown job(s): {', '.join(sorted(unknown))}")

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.smoke:
        sizes = [make_trust.SMOKE]
    else:
        sizes = [(int(s), make_trust.Shape()) for s in args.sizes.split(",") if s]
    command = "python bench/run.py " + " ".join(argv or sys.argv[1:])
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    source = None
    about = machine()
    if args.commit:
        source, commit = export_commit(args.commit, args.out)
        about = about.split("; commit ")[0] + f"; cpd_xl of commit {commit}"
    results = []
    for size, shape in sizes:
        trust = make_trust.make_trust(size, args.data, shape)
        results.append(bench_size(trust, args.out, args.repeat, jobs, say, source))
        # Written after each size too, so a long run that is stopped keeps
        # what it measured.
        write_results(results, args.out, command.strip(), started, about)
    print(write_results(results, args.out, command.strip(), started, about))


if __name__ == "__main__":
    main()
