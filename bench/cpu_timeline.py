"""Where a `sitrep ingest` run's CPU goes, second by second: sitrep's own process, the temporary Prefect
server, the extraction workers, and the articles fetched so far.

Serves the development corpus (../shared/corpus/extraction-benchmark, 181 pages) COPIES times under
distinct URLs over COPIES feeds with undated items (bench/ingest_bench.py's news site), runs
`sitrep ingest` on a fresh PREFECT_HOME and samples /proc every 0.2 s. Prints one line per second,
then each process's CPU seconds and the moment of the first and last article fetch. Linux only.

    python bench/cpu_timeline.py [--copies 12] [--every 1.0] [--profile FILE]

With --profile, sitrep runs under py-spy (`pip install py-spy`), which samples every process of the run
and writes their stacks to FILE in the collapsed format (one stack and its count per line).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ingest_bench import load_pages, process_tree, serve  # bench/, this script's folder, is first on sys.path

SITREP = str(Path(sys.executable).with_name("sitrep"))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def parent_of(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def kind(pid: int, root: int) -> str:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    if "py-spy" in cmd:
        return "py-spy"
    if pid == root or cmd.split(" ")[1:2] == [SITREP]:
        return "sitrep"
    if "uvicorn" in cmd or "prefect" in cmd and "server" in cmd:
        return "server"
    if "multiprocessing" in cmd:
        return "worker"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between printed lines")
    parser.add_argument("--log", action="store_true", help="print sitrep's output, each line with its time")
    parser.add_argument("--profile", metavar="FILE", help="sample every process with py-spy into FILE")
    args = parser.parse_args()

    fetches: list[float] = []  # when each article was requested
    server, base = serve(load_pages(), args.copies, args.copies, on_article=lambda: fetches.append(time.perf_counter()))
    work = Path(tempfile.mkdtemp(prefix="sitrep-timeline-"))
    feeds = "".join(f"  - name: f{k}\n    url: {base}/feed/{k}.xml\n" for k in range(args.copies))
    (work / "feeds.yaml").write_text(f"fetch:\n  allow_private_addresses: true\nfeeds:\n{feeds}")
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect")}
    started = time.perf_counter()
    spy = (
        [
            str(Path(sys.executable).with_name("py-spy")),
            "record",
            "--subprocesses",
            "--format",
            "raw",
            "--rate",
            "50",
            "--gil",
            "--output",
            args.profile,
            "--",
        ]
        if args.profile
        else []
    )
    command = [SITREP, "ingest", "--feeds", str(work / "feeds.yaml"), "--db", str(work / "w.duckdb")]
    proc = subprocess.Popen(
        [*spy, *command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=work, text=True
    )
    output: list[tuple[float, str]] = []
    reader = threading.Thread(
        target=lambda: output.extend((time.perf_counter() - started, line.rstrip()) for line in proc.stdout),
        daemon=True,
    )
    reader.start()
    seen: dict[int, tuple[str, float]] = {}
    first_worker = 0.0  # when the fork server forked its first worker: it had loaded what they need
    next_line = 0.0
    print(f"{'s':>5} {'sitrep':>7} {'server':>7} {'workers':>8} {'fetched':>8}   (CPU seconds so far)")
    while proc.poll() is None:
        for pid in process_tree(proc.pid):
            if (cpu := cpu_seconds(pid)) is not None:
                # its kind again each time: a process forked to run another program is not yet itself
                now_kind = kind(pid, proc.pid)
                seen[pid] = (now_kind if now_kind != "?" else seen.get(pid, ("?", 0))[0], cpu)
                if not first_worker and seen[pid][0] == "worker" and seen.get(parent_of(pid), ("",))[0] == "worker":
                    first_worker = time.perf_counter() - started
        now = time.perf_counter() - started
        if now >= next_line:
            by_kind: dict[str, float] = {}
            for k, cpu in seen.values():
                by_kind[k] = by_kind.get(k, 0) + cpu
            print(
                f"{now:5.1f} {by_kind.get('sitrep', 0):7.1f} {by_kind.get('server', 0):7.1f} "
                f"{by_kind.get('worker', 0):8.1f} {len(fetches):8d}"
            )
            next_line += args.every
        time.sleep(0.2)
    wall = time.perf_counter() - started
    first, last = (fetches[0] - started, fetches[-1] - started) if fetches else (0, 0)
    print(
        f"\nexit {proc.returncode} after {wall:.1f} s; {len(fetches)} articles fetched, the first at {first:.1f} s, "
        f"the last at {last:.1f} s"
    )
    print(f"the first worker was forked at {first_worker:.1f} s")
    for pid, (k, cpu) in sorted(seen.items(), key=lambda x: x[1][0]):
        print(f"  {k:7} pid {pid:>7}: {cpu:6.1f} CPU-s")
    reader.join(5)
    for at, line in output if args.log else output[-3:]:
        print(f"{at:5.1f} {line}")
    server.shutdown()


if __name__ == "__main__":
    main()
