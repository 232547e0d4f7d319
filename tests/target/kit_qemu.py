"""Runs firmware images in QEMU and hands their UART output to on-target tests.

Imported by name (`from kit_qemu import ...`), never through conftest: several conftest.py files
live in this repository and pytest keeps only one module of that name."""
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def qemu_run(board, app, timeout=60, icount=None, extra=()):
    """Boots build/<board>/<app>.elf on QEMU's machine of the same name and returns its UART text.

    The image ends the run itself through semihosting (SYS_EXIT), so a test that hangs is a
    failure at `timeout`, never a pass. icount=N runs the CPU on the deterministic virtual clock
    (one instruction = 2^N ns) so time-based results do not depend on the host's load."""
    elf = ROOT / "build" / board / f"{app}.elf"
    assert elf.exists(), f"{elf} not built"
    cmd = ["qemu-system-arm", "-M", board, "-nographic", "-monitor", "none", "-serial", "stdio",
           "-semihosting-config", "enable=on,target=native", "-kernel", str(elf)]
    if icount is not None:
        cmd += ["-icount", f"shift={icount},align=off,sleep=off"]
    cmd += list(extra)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout.decode(errors="replace")
