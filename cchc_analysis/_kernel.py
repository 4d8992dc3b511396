"""Inside a kept kernel: remember its fresh state once, and return to it between two reports.

:func:`snapshot` runs once, right after the kernel started and the stack was
imported; :func:`reset` runs before every further notebook.  What a notebook
can change and a later one could see is put back: the user namespace, the
history and execution count (``InteractiveShell.reset(new_session=True)``),
open figures, matplotlib's settings, the working folder, the environment,
``sys.path`` and the warning filters.  Imported modules stay: importing the
stack once is the point.  Caches inside the package are keyed by their inputs
(e.g. :func:`cchc_analysis.analysis.shared_analysis`), so they never hand a
report another report's results.

Examples
--------
>>> snapshot(); os.environ["CCHC_TEST_X"] = "1"; reset()
>>> "CCHC_TEST_X" in os.environ
False
"""
from __future__ import annotations

import gc
import os
import sys
import warnings

_STATE: dict = {}


def snapshot() -> None:
    """Remember the state a fresh kernel has (after ``preload``)."""
    import matplotlib

    _STATE.update(cwd=os.getcwd(), env=dict(os.environ), path=list(sys.path),
                  filters=list(warnings.filters), rc=matplotlib.rcParams.copy())


def reset() -> None:
    """Return the kernel to the state :func:`snapshot` saw."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - always inside IPython in a kernel
        shell = None
    if shell is not None:
        shell.reset(new_session=True, aggressive=False)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in _STATE:
        import matplotlib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.clear()
            matplotlib.rcParams.update(_STATE["rc"])
    if "cwd" in _STATE:
        os.chdir(_STATE["cwd"])
        os.environ.clear()
        os.environ.update(_STATE["env"])
        sys.path[:] = _STATE["path"]
        warnings.filters[:] = _STATE["filters"]
        warnings._filters_mutated()  # forget which warnings were already shown
    gc.collect()
