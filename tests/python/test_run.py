"""Running: threads, the GIL, progress callbacks, cancellation and Ctrl-C."""
import _thread
import io
import os
import random
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


def layered_network(scale, bounded_links=False, seed=1):
    """A chain whose compile takes seconds: 40 suppliers, 20 plants, 30 DCs and 200
    customers per unit of `scale`, each fed by three of the tier above; one threat against
    the plants. Every facility and link is a network element, whose loss curve the compile
    solves (LPs). Links of unlimited capacity give a quick baseline plan; with
    `bounded_links` the compile first solves one LP over the whole network (4 s at scale 40)."""
    rng = random.Random(seed)
    model = scrisk.Model(name="layered", currency="EUR", supply_network=scrisk.SupplyNetwork())
    network = model.supply_network
    tiers = []
    for prefix, count, kind, segment in (("s", 40, "SUPPLIER", "UPSTREAM"), ("p", 20, "PLANT", "OWN"),
                                         ("d", 30, "DISTRIBUTION_CENTER", "OWN"), ("c", 200, "CUSTOMER", "DOWNSTREAM")):
        ids = [f"{prefix}{i}" for i in range(count * scale)]
        tiers.append(ids)
        model.facilities += [scrisk.Facility(id=i, kind=kind, segment=segment, daily_value=1000) for i in ids]
    for upper, lower in zip(tiers, tiers[1:]):
        for facility in lower:
            for source in rng.sample(upper, 3):
                model.links.append(scrisk.Link(id=f"{source}_{facility}", from_=source, to=facility, mode="ROAD"))
                capacity = rng.uniform(60, 120) if bounded_links else None
                network.links.append(scrisk.LinkFlow(link=model.links[-1].id, capacity_per_day=capacity))
    for facility in tiers[0] + tiers[1] + tiers[2]:
        network.facilities.append(scrisk.FacilityFlow(facility=facility, inventory_units=rng.uniform(0, 100)))
    for facility in tiers[3]:
        network.facilities.append(scrisk.FacilityFlow(facility=facility, demand_per_day=rng.uniform(5, 15),
                                                      lost_sale_value_per_unit=100))
    model.threats.append(scrisk.Threat(id="fire", category="PHYSICAL", rate_per_year=scrisk.Fixed(0.1),
                                       targets=[scrisk.Target(facility=f) for f in tiers[1]],
                                       downtime_days=scrisk.Fixed(5)))
    return model


@pytest.mark.parametrize("scale, bounded_links", [(40, False), (40, True)], ids=["curves", "whole-network LP"])
def test_ctrl_c_interrupts_a_long_compile(scale, bounded_links):
    # About 3 s of compile on 2 cores here: without signal checks while it runs, the
    # KeyboardInterrupt would only come once it is done. In the second case the signal comes
    # during the LP over the whole network, which then stops between simplex iterations.
    model = layered_network(scale, bounded_links)
    progress_calls = []
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        scrisk.run(model, trials=10**6, seed=1, progress=lambda done, total: progress_calls.append(done))
    elapsed = time.perf_counter() - start
    timer.join()
    assert not progress_calls, "the interrupt came after the compile, during the run"
    assert elapsed < 1.5, elapsed  # the signal at 0.5 s, checked every 0.1 s (3 s if not checked)
    small = layered_network(1)
    assert scrisk.run(small, trials=2000, seed=1) == scrisk.run(small, trials=2000, seed=1, threads=1)
