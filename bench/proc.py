"""What the benchmarks read of processes, from /proc: the load, a gunicorn master's workers, their
memory and CPU, and one download timed while its worker's memory is sampled."""
import os
import threading
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def workers(master: int) -> list[int]:
    """The gunicorn master's worker processes."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process: what a download cost the worker, whatever else the
    machine was doing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Fetched:
    status: int
    content_type: str
    size: int  # bytes
    first_byte: float  # seconds
    total: float  # seconds
    rss_before: float  # MB, of the worker that served it
    rss_peak: float  # MB
    cpu: float  # seconds of CPU of the busiest worker


def fetch(host: str, port: int, path: str, master: int, *, timeout: int) -> Fetched:
    """GET `path` from the gunicorn of `master`, read to the end in 64 KB chunks, while every
    worker's RSS is sampled every 20 ms."""
    pids = workers(master)
    before = {pid: rss_kb(pid) for pid in pids}
    cpu_before = {pid: cpu_seconds(pid) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    connection = HTTPConnection(host, port, timeout=timeout)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first) + sum(len(chunk) for chunk in iter(lambda: response.read(1 << 16), b""))
    total = time.perf_counter() - started
    done.set()
    sampler.join()
    connection.close()
    cpu = max(cpu_seconds(pid) - cpu_before[pid] for pid in pids)
    served = max(pids, key=lambda pid: peak[pid] - before[pid])
    return Fetched(response.status, response.getheader("Content-Type", ""), size, first_byte, total,
                   before[served] / 1024, peak[served] / 1024, cpu)
