"""The worker pool: results in order, and a pool that can always be ended."""

import os
import signal
import subprocess
import sys
import textwrap

from conftest import ROOT


def test_results_come_back_in_input_order():
    from sitegen.build.parallel import imap_ordered
    items = list(range(200))
    assert list(imap_ordered(lambda n: n * n, items, workers=2, min_items=10)) == [n * n for n in items]


def test_a_pool_ends_when_the_parent_has_its_own_sigterm_handler():
    """sitegen serve handles SIGTERM itself; workers forked after that must still die when the
    pool terminates them, or a build cut short (Ctrl-C, an error) hangs the server for ever."""
    script = textwrap.dedent("""
        import signal, sys, time
        from sitegen.build.parallel import imap_ordered
        signal.signal(signal.SIGTERM, lambda *a: None)     # what serve does
        def slow(n):
            time.sleep(30)
            return n
        results = imap_ordered(slow, list(range(64)), workers=2, min_items=1)
        try:
            next(results)
        except KeyboardInterrupt:
            pass
        results.close()                                     # terminates the pool
        print("ended", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        import time
        time.sleep(2)                                       # the workers are sleeping in slow()
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            subprocess.run(["pkill", "-KILL", "-P", str(proc.pid)], check=False)
            proc.wait()
    assert "ended" in out
