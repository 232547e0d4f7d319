"""The scheduler on the target: apps/sched-test runs its scenarios under QEMU (Cortex-M7 mps2-an500
and Cortex-M4 mps2-an386), prints what ran in which order, and ends through semihosting.

Checked here: priority order and FIFO within a level, preemption by spawn and by a timer
interrupt, lock ceilings (work at or below the ceiling waits for the unlock, work above runs inside
it), lock elision, queue full, timer order, cancel/reschedule, and spawn_after delays measured on
the emulated clock (-icount: deterministic), which must be within one SysTick of the request.

With SCHED_TEST_NATIVE=<path to build/native/sched-test> (a ctest sets it), the native build runs
the same checks: one app source, the same semantics on both ports."""
import os
import re
import subprocess

import pytest

from kit_qemu import qemu_run

TICK_US = 1000  # sched/port/cortex-m/monotonic_systick.c: SCHED_SYSTICK_HZ = 1 kHz
ICOUNT_SHIFT = 3  # 8 ns per instruction: 125 MIPS of virtual time

# Scenario -> the events in the order they must happen. who:value, "@lock" when the lock under
# test was held at that moment.
EXPECTED = {
    # Queued under a lock masking everything, then released: most urgent first, FIFO per level.
    "order": "high:4 mid:3 low:1 low_b:2 low:5 low_b:6",
    # low spawns high (runs inside the spawn call), then low_b (same level: after low ends).
    "preempt": "low:9 high:9 low+high:9 low+low_b:9 low_end:9 low_b:9",
    # A timer interrupt's hardware task (priority 3) preempts low (1) while it computes.
    "async": "low:1 async:0 low_end:1",
    # low holds `shared` (ceiling 2): high (3, spawned) and async (3, timer IRQ) run inside;
    # mid (2, spawned) and hw_mid (2, pended by software and by a timer IRQ) wait for the unlock.
    "ceiling": "locked:0@lock high:1@lock async:0@lock unlocked:0@lock hw_mid:0 mid:1 low_end:1",
    # Inside `top` (ceiling 3) even high waits; `shared` still holds mid after `top` drops.
    "nested": "locked:3@lock high:2 unlocked:3 mid:2 low_end:1",
    # BASEPRI (as a logical priority): 0 in a lock at the task's own priority, 2 in `shared`.
    "elision": "basepri:0 basepri:2 basepri:0 basepri:0 low_end:1",
    # return and break inside lock blocks release the lock; break leaves only the lock block.
    "early_exit": "low:1 basepri:0 basepri:0 basepri:0 basepri:0 low_end:1",
    # Capacity 3: three spawns return 0, the fourth -1 (SCHED_EFULL); none of the three is lost.
    "queue_full": "queue:1 queue:2 queue:3 rc:0 rc:0 rc:0 rc:-1",
    # Deadlines +30, +10, +20, +20, +10, +0 ms (spawn order 0..5): earliest first, ties FIFO.
    "timer_order": "timed:5 timed:1 timed:4 timed:2 timed:3 timed:0",
    # cancel ok, cancel again ENOENT (-2), reschedule ok; the moved spawn runs; then both ENOENT.
    "cancel": "rc:0 rc:-2 rc:0 timed:9 rc:-2 rc:-2",
}
REQUESTED_DELAYS = [1000, 2500, 10000, 33333]

QEMU_BOARDS = ["mps2-an500", "mps2-an386"]
NATIVE = os.environ.get("SCHED_TEST_NATIVE")


def run_native(path):
    proc = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60,
                          stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout.decode(errors="replace")


@pytest.fixture(scope="module", params=QEMU_BOARDS + (["native"] if NATIVE else []))
def run(request):
    """One boot per board; every check reads the same output."""
    board = request.param
    if board == "native":
        rc, out = run_native(NATIVE)
    else:
        rc, out = qemu_run(board, "sched-test", timeout=120, icount=ICOUNT_SHIFT)
    return board, rc, out


def test_runs_to_the_end(run):
    board, rc, out = run
    assert "sched-test" in out and f"on {board}" in out, out
    assert re.search(r"\] I DONE$", out, re.M), out
    assert " E " not in out, out  # the app logs an error for early or misplaced timed spawns
    assert rc == 0, out


@pytest.mark.parametrize("scenario", EXPECTED)
def test_trace(run, scenario):
    board, _, out = run
    lines = re.findall(rf"TRACE {scenario}( .*)?$", out, re.M)
    assert len(lines) == 1, f"{board}: no single trace for {scenario}:\n{out}"
    assert lines[0].strip() == EXPECTED[scenario], f"{board} {scenario}"


def test_spawn_after_delays(run):
    """Never early; on the emulated clock at most one tick late (the SysTick that notices it)."""
    board, _, out = run
    delays = [(int(r), int(m)) for r, m in re.findall(r"DELAY requested=(\d+) measured=(\d+)", out)]
    assert [r for r, _ in delays] == REQUESTED_DELAYS, out
    for requested, measured in delays:
        assert measured >= requested, f"{board}: spawn_after({requested}) ran after {measured} us"
        if board != "native":  # a Linux process's timing is the host's business
            assert measured - requested <= TICK_US, \
                f"{board}: spawn_after({requested}) ran after {measured} us, more than a tick late"


def test_bench_task_ran(run):
    """The benchmark's spawn/dispatch/lock path (bench/sched_bench.sh) works, not just counts."""
    _, _, out = run
    assert "bench task ran (1)" in out, out
