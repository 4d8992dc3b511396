"""How often does a kernel die at start-up when parallel workers start kernels together?

jupyter_client picks free TCP ports, closes them and hands them to the kernel, which
binds them a moment later; a kernel started at the same moment in another process can
take one of those ports first (nteract/papermill#511).  The loser dies before it
replies to ``kernel_info`` (or never replies).  The report batch
starts such a kernel again, up to ``START_ATTEMPTS`` times
(:func:`cchc_analysis.batch.start_with_retries`, used here too).  This script counts
the failures of first attempts and of the whole retry, on this machine, in one run.

    .venv/bin/python bench/kernel_starts.py            # 80 starts, 8 workers
    .venv/bin/python bench/kernel_starts.py 200 16

No notebook and no data are involved: only kernel start-ups.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor

from cchc_analysis.batch import START_ATTEMPTS, start_with_retries


def _start_and_stop():
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60,
                              extra_arguments=["--IPKernelApp.log_level=ERROR"])
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def _start(_: int) -> tuple[bool, int]:
    """Start one kernel as the batch does; return (started, attempts used)."""
    try:
        return True, start_with_retries(_start_and_stop)[1]
    except RuntimeError:  # every attempt failed at start-up
        return False, START_ATTEMPTS


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 80
    workers = int(argv[1]) if len(argv) > 1 else 8
    t = time.monotonic()
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_start, range(n)))
    first_failed = sum(1 for started, attempts in results if attempts > 1 or not started)
    never = sum(1 for started, _ in results if not started)
    print(f"{n} kernel starts, {workers} workers, {time.monotonic() - t:.0f} s")
    print(f"failed at the first attempt: {first_failed} ({first_failed / n:.1%})")
    print(f"failed after {START_ATTEMPTS} attempts: {never} ({never / n:.1%})")
    print(f"ratio never_started/first_failed: {never}/{first_failed}"
          + (f" = {never / first_failed:.2f}" if first_failed else " (no start-up failure this run)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
