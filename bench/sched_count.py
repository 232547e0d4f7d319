"""gdb-multiarch script for bench/sched_bench.sh: counts the instructions the scheduler executes,
by single-stepping the firmware in QEMU (stepping masks interrupts, so nothing else runs between
two steps). Prints one JSON object: for each measurement, the count and the executed addresses.

Measurements (subjects in apps/sched-test/bench.c):
  spawn     sched__spawn_bench from its first instruction to its return (the instruction it returns
            to is not counted)
  dispatch  irq24_handler (the level-1 dispatcher; the hardware has already stacked the frame and
            fetched the vector) to the first instruction of the task `bench`, not counted
  lock      sched_bench_lock_begin to sched_bench_lock_end: sched_lock + an empty section + unlock
  elided    the same for a lock at the task's own priority (compiles to nothing)
"""
import json
import os

import gdb

ELF = os.environ["BENCH_ELF"]
PORT = os.environ["BENCH_PORT"]


def addr(symbol):
    return int(gdb.parse_and_eval(f"(unsigned int)&'{symbol}'")) & ~1


def pc():
    return int(gdb.parse_and_eval("$pc")) & ~1


def run_to(address):
    if pc() == address:  # already there: an empty region ends where the next one begins
        return
    gdb.execute(f"tbreak *{address:#x}", to_string=True)
    gdb.execute("continue", to_string=True)
    assert pc() == address, f"stopped at {pc():#x}, not {address:#x}"


def step_until(stop, limit=500):
    executed = []
    while pc() != stop:
        executed.append(pc())
        gdb.execute("stepi", to_string=True)
        if len(executed) > limit:
            raise RuntimeError(f"no {stop:#x} after {limit} instructions")
    return executed


gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute(f"file {ELF}", to_string=True)
gdb.execute(f"target remote 127.0.0.1:{PORT}", to_string=True)

results = {}

run_to(addr("sched__spawn_bench"))
ret = int(gdb.parse_and_eval("$lr")) & ~1
results["spawn"] = step_until(ret)

run_to(addr("irq24_handler"))
results["dispatch"] = step_until(addr("bench"))

run_to(addr("sched_bench_lock_begin"))
results["lock"] = step_until(addr("sched_bench_lock_end"))

run_to(addr("sched_bench_elided_begin"))
results["elided"] = step_until(addr("sched_bench_elided_end"))

print("BENCH_JSON " + json.dumps({k: {"count": len(v), "pcs": v} for k, v in results.items()}))
gdb.execute("kill", to_string=True)
