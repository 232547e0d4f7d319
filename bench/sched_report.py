"""Turns bench/sched_count.py's counts into the "Scheduler" section of BENCHMARKS.md: the table
(target vs measured) and, from the disassembly, every instruction each path executed.

usage: sched_report.py ELF JSON BENCHMARKS.md"""
import json
import re
import subprocess
import sys
import textwrap

elf, counts, benchmarks = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]

ROWS = [
    ("lock", "`sched_lock` + unlock, ceiling above the caller (BASEPRI)", 8),
    ("elided", "`sched_lock` + unlock, ceiling = the caller's priority", 0),
    ("spawn", "`sched_spawn`, first instruction to return (queue not full)", 40),
    ("dispatch", "dispatcher's first instruction to the task's first", 30),
]

disasm = {}
for line in subprocess.run(["arm-none-eabi-objdump", "-d", "--no-show-raw-insn", elf],
                           capture_output=True, text=True, check=True).stdout.splitlines():
    m = re.match(r"\s*([0-9a-f]+):\s+(.*)$", line)
    if m:
        disasm[int(m.group(1), 16)] = re.sub(r"\s+", " ", m.group(2).split("@")[0]).strip()

compiler = subprocess.run(["arm-none-eabi-gcc", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
rev = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], capture_output=True,
                     text=True).stdout.strip() or "unknown"



def wrap(text):
    return textwrap.fill(text, width=100, break_on_hyphens=False)


out = ["## Scheduler", "",
       wrap("Instructions executed on QEMU `mps2-an500` (Cortex-M7), image `sched-test.elf` built "
       "`-Os -flto`, counted exactly by single-stepping under gdb (stepping masks interrupts, so "
       "nothing else runs in between). The subjects are in `apps/sched-test/bench.c`: a task at "
       "priority 1, a resource with ceiling 2, and the level-1 dispatcher, which serves four "
       "tasks (a jump table). The dispatch count starts after the hardware's exception entry "
       "(stacking, vector fetch)."), "",
       wrap(f"Reproduce: `make bench`, or `bash bench/sched_bench.sh` after `make firmware` "
            f"(measured at `{rev}`, {compiler})."), "",
       "| Path | Target | Measured |", "|---|---:|---:|"]
for key, what, target in ROWS:
    target_text = "free" if target == 0 else f"<= {target}"
    out.append(f"| {what} | {target_text} | {counts[key]['count']} |")
out += ["", "The executed instructions, from the disassembly:", ""]
for key, what, _ in ROWS:
    pcs = counts[key]["pcs"]
    out.append(f"{what}: {len(pcs)}")
    out.append("")
    out.append("```")
    out += [f"{pc:8x}  {disasm.get(pc, '?')}" for pc in pcs] or ["(none)"]
    out.append("```")
    out.append("")
section = "\n".join(out).rstrip() + "\n"

try:
    text = open(benchmarks).read()
except FileNotFoundError:
    text = "# Benchmarks\n\nMeasured, never asserted: each section says how to reproduce it.\n"
parts = re.split(r"(?m)^(?=## )", text)
parts = [p for p in parts if not p.startswith("## Scheduler\n")]
head, sections = parts[0], parts[1:]
sections.append(section)
text = head.rstrip() + "\n\n" + "\n".join(s.rstrip() + "\n" for s in sections)
open(benchmarks, "w").write(text)
print(section)
