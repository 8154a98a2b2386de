"""Running: threads, the GIL, progress callbacks, cancellation and Ctrl-C."""
import _thread
import io
import os
import signal
import sys
import threading
import time

import pytest

import scrisk
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def importer():
    return scrisk.load(EXAMPLES / "importer.textproto")


def test_same_bits_on_any_thread_count(importer):
    one = scrisk.run(importer, trials=30000, seed=5, threads=1)
    two = scrisk.run(importer, trials=30000, seed=5, threads=2)
    every = scrisk.run(importer, trials=30000, seed=5)
    assert one == two == every
    assert one.to_json() == every.to_json()


def trials_for(model, seconds):
    """Trials that take about `seconds` on one thread here."""
    start = time.perf_counter()
    scrisk.run(model, trials=50000, seed=1, threads=1)
    per_trial = (time.perf_counter() - start) / 50000
    return max(50000, int(seconds / per_trial))


def spinner_pace(seconds=None, during=None):
    """Iterations per second of a pure-Python loop in a second thread, over `seconds` of
    sleep or over the call `during()`."""
    counter, stop = [0], threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1
    thread = threading.Thread(target=spin)
    thread.start()
    start = time.perf_counter()
    if during is None:
        time.sleep(seconds)
    else:
        during()
    elapsed = time.perf_counter() - start
    count = counter[0]
    stop.set()
    thread.join()
    return count / elapsed


def test_run_releases_the_gil(importer):
    trials = trials_for(importer, 1.0)
    before = spinner_pace(0.3)
    during = spinner_pace(during=lambda: scrisk.run(importer, trials=trials, seed=1, threads=1))
    after = spinner_pace(0.3)
    # Holding the GIL would leave the spinner only the ~5 ms switch interval after each of
    # the ~10 progress checks a second (~5 % of its pace); released, it keeps a core.
    assert during > 0.15 * min(before, after), (during, before, after)


def test_progress_callback(importer):
    calls = []

    def progress(done, total):
        calls.append((done, total))
    results = scrisk.run(importer, trials=trials_for(importer, 0.5), seed=1, progress=progress)
    assert calls and calls[-1] == (results.trials, results.trials)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_progress_false_cancels(importer):
    with pytest.raises(scrisk.RunCancelled):
        scrisk.run(importer, trials=10**7, seed=1, progress=lambda done, total: False)
    assert scrisk.run(importer, trials=1000, seed=1).trials == 1000


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal(importer, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    scrisk.run(importer, trials=trials_for(importer, 0.3), seed=1, progress=True)
    assert "years" in terminal.getvalue()


def test_progress_bar_is_silent_in_a_log(importer, capsys):
    # A log or a pipe would otherwise get a line per redraw.
    scrisk.run(importer, trials=trials_for(importer, 0.3), seed=1, progress=True)
    assert capsys.readouterr().err == ""


def test_exception_in_callback_propagates(importer):
    def broken(done, total):
        raise ZeroDivisionError("from the callback")
    with pytest.raises(ZeroDivisionError, match="from the callback"):
        scrisk.run(importer, trials=10**7, seed=1, progress=broken)


def thread_count():
    return len(os.listdir("/proc/self/task"))


@pytest.mark.parametrize("how", ["callback", "interrupt_main", "sigint"])
def test_ctrl_c_interrupts_cleanly(importer, how):
    scrisk.run(importer, trials=20000, seed=1, threads=2)  # the engine's thread pool exists
    threads_before = thread_count()
    progress = None
    timer = None
    if how == "callback":
        def progress(done, total):
            if done > 0:
                raise KeyboardInterrupt
    elif how == "interrupt_main":
        timer = threading.Timer(0.3, _thread.interrupt_main)
    else:
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    if timer:
        timer.start()
    with pytest.raises(KeyboardInterrupt):
        scrisk.run(importer, trials=10**7, seed=1, threads=2, progress=progress)  # minutes if not stopped
    assert time.perf_counter() - start < 10
    if timer:
        timer.join()
    assert thread_count() <= threads_before  # no engine thread left behind
    again = scrisk.run(importer, trials=5000, seed=1, threads=2)
    assert again == scrisk.run(importer, trials=5000, seed=1, threads=1)


def test_runs_from_several_python_threads(importer):
    out = {}

    def work(seed):
        out[seed] = scrisk.run(importer, trials=5000, seed=seed, threads=1)
    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for seed in (1, 2, 3):
        assert out[seed] == scrisk.run(importer, trials=5000, seed=seed)
