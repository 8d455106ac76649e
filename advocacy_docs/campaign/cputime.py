"""CPU time of a campaign's processes: the main process, the workers, the fork server.

Workers start from a fork server, so they are its children, not the main process's: the main
process's ``RUSAGE_CHILDREN`` never sees them. Each worker reports its own total with its results
instead, and the main process keeps the latest figure of each.
"""

from __future__ import annotations

import multiprocessing.forkserver
import os
import resource
from pathlib import Path


def own_cpu() -> float:
    """User + system CPU seconds this process has used so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def forkserver_cpu() -> float:
    """User + system CPU seconds the running fork server has used; 0 when none runs.

    Read from /proc (Linux): elsewhere 0, and the fork server's share (importing the modules it
    preloads) goes uncounted. Its reaped workers are not included (their time is "children" time).
    """
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if not isinstance(pid, int):
        return 0.0
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return 0.0
    # Fields after the command name, which is in parentheses and may hold spaces: state is
    # the first, utime and stime the 12th and 13th.
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class WorkerCpu:
    """The workers' CPU time: the latest total each worker reported (a total only grows)."""

    def __init__(self) -> None:
        self._latest: dict[int, float] = {}

    def observe(self, pid: int | None, seconds: float) -> None:
        """Note that worker ``pid`` has used ``seconds`` of CPU so far."""
        # The main process renders itself with one worker: own_cpu() counts that already.
        if pid is None or pid == os.getpid():
            return
        self._latest[pid] = max(seconds, self._latest.get(pid, 0.0))

    @property
    def seconds(self) -> float:
        """The workers' CPU seconds, all together."""
        return sum(self._latest.values())

    @property
    def workers(self) -> int:
        """How many workers reported."""
        return len(self._latest)
