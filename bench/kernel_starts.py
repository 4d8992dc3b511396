"""How often does a kernel die at start-up when parallel workers start kernels together?

jupyter_client picks free TCP ports, closes them and hands them to the kernel, which
binds them a moment later; a kernel started at the same moment in another process can
take one of those ports first (nteract/papermill#511).  The loser dies before it
replies to ``kernel_info`` (or never replies).  :func:`cchc_analysis.batch._execute`
starts such a kernel again, up to ``START_ATTEMPTS`` times.  This script counts the
failures of first attempts and of the whole retry, on this machine, in one run.

    .venv/bin/python bench/kernel_starts.py            # 80 starts, 8 workers
    .venv/bin/python bench/kernel_starts.py 200 16

No notebook and no data are involved: only kernel start-ups.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor

from cchc_analysis.batch import START_ATTEMPTS, _is_startup_failure


def _start_once() -> str:
    from jupyter_client.manager import start_new_kernel

    try:
        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60,
                                  extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except Exception as exc:  # noqa: BLE001 - counted, and re-raised when it is not a start-up failure
        if not _is_startup_failure(exc):
            raise
        return f"{type(exc).__name__}: {exc}"
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return ""


def _start(_: int) -> tuple[str, int]:
    """Start one kernel as the batch does; return the first error ('' if none) and attempts used."""
    first = ""
    for attempt in range(1, START_ATTEMPTS + 1):
        error = _start_once()
        if attempt == 1:
            first = error
        if not error:
            return first, attempt
        time.sleep(0.2 * attempt)
    return first, START_ATTEMPTS + 1  # never started


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 80
    workers = int(argv[1]) if len(argv) > 1 else 8
    t = time.monotonic()
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_start, range(n)))
    first_failed = sum(1 for err, _ in results if err)
    never = sum(1 for _, attempts in results if attempts > START_ATTEMPTS)
    print(f"{n} kernel starts, {workers} workers, {time.monotonic() - t:.0f} s")
    print(f"failed at the first attempt: {first_failed} ({first_failed / n:.1%})"
          + "".join(f"\n  {e}" for e in sorted({e for e, _ in results if e})))
    print(f"failed after {START_ATTEMPTS} attempts: {never} ({never / n:.1%})")
    print(f"ratio never_started/first_failed: {never}/{first_failed}"
          + (f" = {never / first_failed:.2f}" if first_failed else " (no start-up failure this run)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
