"""On-target tests of the platform layer: apps/platform-test in QEMU (mps2-an500 = Cortex-M7,
mps2-an386 = Cortex-M4). The phase is chosen with `-append`, which the image reads through
semihosting; every run ends through semihosting SYS_EXIT (0 = pass, 1 = fault or failed check).

Fault phases check the report's status bits against the ARMv7-M fault status registers, and
addresses (faulting PC, MMFAR/BFAR) against the ELF's symbols, so a wrong or stale report fails."""
import json
import os
import re
import socket
import struct
import subprocess
import tempfile
import time

import pytest

from kit_qemu import ROOT

BOARDS = ["mps2-an500", "mps2-an386"]
APP = "platform-test"

CFSR = {"DACCVIOL": 1 << 1, "MSTKERR": 1 << 4, "MMARVALID": 1 << 7, "PRECISERR": 1 << 9,
        "BFARVALID": 1 << 15, "UNDEFINSTR": 1 << 16, "DIVBYZERO": 1 << 25}
FAULT_LINE = re.compile(r"FAULT (\w+) \(exception (\d+)\) CFSR=([0-9a-f]{8}) HFSR=([0-9a-f]{8}) "
                        r"MMFAR=([0-9a-f]{8}) BFAR=([0-9a-f]{8})")
STACKED = re.compile(r"FAULT stacked PC=([0-9a-f]{8}) LR=([0-9a-f]{8})")


def elf_path(board):
    return ROOT / "build" / board / f"{APP}.elf"


def symbols(board):
    """name -> (address, size) from the image, with LTO's .lto_priv/.constprop suffixes removed."""
    out = subprocess.run(["arm-none-eabi-nm", "-S", str(elf_path(board))], check=True,
                         capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            addr, size, _, name = parts
            table[name.split(".")[0]] = (int(addr, 16), int(size, 16))
        elif len(parts) == 3:
            addr, _, name = parts
            table.setdefault(name.split(".")[0], (int(addr, 16), 0))
    return table


def run_phase(qemu, board, phase):
    rc, out = qemu(board, APP, timeout=30, extra=["-append", phase])
    assert "platform-test" in out.splitlines()[0], out  # the boot banner comes first
    return rc, out


def parse_fault(out):
    m = FAULT_LINE.search(out)
    assert m, f"no fault report in:\n{out}"
    name, exc, cfsr, hfsr, mmfar, bfar = m.groups()
    stacked = STACKED.search(out)
    return {"name": name, "exception": int(exc), "cfsr": int(cfsr, 16), "hfsr": int(hfsr, 16),
            "mmfar": int(mmfar, 16), "bfar": int(bfar, 16),
            "pc": int(stacked.group(1), 16) if stacked else None}


def assert_stopped_at_fault(rc, out, phase):
    assert rc == 1, f"the fault handler must end the run with exit status 1, got {rc}:\n{out}"
    assert "still running after the fault" not in out
    assert "no fault was raised" not in out
    assert out.rstrip().splitlines()[-1].startswith("FAULT "), "nothing may run after the report"


def assert_pc_in(board, fault, function):
    start, size = symbols(board)[function]
    start &= ~1
    assert size > 0 and start <= fault["pc"] < start + size, \
        f"stacked PC {fault['pc']:08x} not in {function} [{start:08x}, {start + size:08x})"


@pytest.mark.parametrize("board", BOARDS)
def test_checks_pass(qemu, board):
    rc, out = run_phase(qemu, board, "checks")
    assert "CHECK" in out and "FAILED" not in out, out
    assert "PASS: 0 failure(s)" in out, out
    assert rc == 0, out
    for name in ["init-data-bss", "ram-code-copied", "stack-high-water-after-recursion",
                 "mpu-stack-guard", "fault-handlers-armed", "rtt-block-has-banner"]:
        assert f"CHECK {name} ok" in out, out


@pytest.mark.parametrize("board", BOARDS)
def test_high_water_mark_moves_with_recursion(qemu, board):
    rc, out = run_phase(qemu, board, "checks")
    m = re.search(r"stack: size (\d+), high-water (\d+) before and (\d+) after (\d+) frames", out)
    assert m, out
    size, before, after, frames = map(int, m.groups())
    assert size == 16384
    assert 0 < before < 2048
    assert after - before >= frames * 128 and after < size


@pytest.mark.parametrize("board", BOARDS)
def test_stack_overflow_hits_the_guard(qemu, board):
    rc, out = run_phase(qemu, board, "overflow")
    assert_stopped_at_fault(rc, out, "overflow")
    fault = parse_fault(out)
    assert fault["name"] == "MemManage" and fault["exception"] == 4, out
    guard_start = symbols(board)["__stack_guard_start"][0]
    guard_end = symbols(board)["__stack_guard_end"][0]
    # The push that crossed into the guard (DACCVIOL, MMFAR inside the guard) and/or the
    # exception entry that could not stack its frame (MSTKERR).
    if fault["cfsr"] & CFSR["MMARVALID"]:
        assert fault["cfsr"] & CFSR["DACCVIOL"]
        assert guard_start <= fault["mmfar"] < guard_end, out
    assert fault["cfsr"] & (CFSR["MSTKERR"] | CFSR["DACCVIOL"]), out
    assert "MSTKERR" in out or "DACCVIOL" in out
    # The report survived an unusable MSP, and it says how deep the stack went.
    m = re.search(r"FAULT main stack high-water (\d+) of (\d+) bytes", out)
    assert m and int(m.group(1)) > int(m.group(2)) - 512, out


@pytest.mark.parametrize("board", BOARDS)
def test_divide_by_zero_is_a_usage_fault(qemu, board):
    rc, out = run_phase(qemu, board, "divzero")
    assert_stopped_at_fault(rc, out, "divzero")
    fault = parse_fault(out)
    assert fault["name"] == "UsageFault" and fault["exception"] == 6, out
    assert fault["cfsr"] == CFSR["DIVBYZERO"], out
    assert "cause: DIVBYZERO" in out
    assert_pc_in(board, fault, "divide_by_zero")


@pytest.mark.parametrize("board", BOARDS)
def test_unmapped_read_is_a_precise_bus_fault(qemu, board):
    rc, out = run_phase(qemu, board, "badread")
    assert_stopped_at_fault(rc, out, "badread")
    fault = parse_fault(out)
    assert fault["name"] == "BusFault" and fault["exception"] == 5, out
    assert fault["cfsr"] == CFSR["PRECISERR"] | CFSR["BFARVALID"], out
    assert fault["bfar"] == 0x50000000
    assert_pc_in(board, fault, "bad_read")


@pytest.mark.parametrize("board", BOARDS)
def test_guard_read_is_a_memmanage_fault(qemu, board):
    rc, out = run_phase(qemu, board, "guardread")
    assert_stopped_at_fault(rc, out, "guardread")
    fault = parse_fault(out)
    assert fault["name"] == "MemManage" and fault["exception"] == 4, out
    assert fault["cfsr"] == CFSR["DACCVIOL"] | CFSR["MMARVALID"], out
    assert fault["mmfar"] == symbols(board)["__stack_guard_start"][0]
    assert_pc_in(board, fault, "guard_read")


@pytest.mark.parametrize("board", BOARDS)
def test_undefined_instruction_is_a_usage_fault(qemu, board):
    rc, out = run_phase(qemu, board, "undef")
    assert_stopped_at_fault(rc, out, "undef")
    fault = parse_fault(out)
    assert fault["name"] == "UsageFault" and fault["cfsr"] == CFSR["UNDEFINSTR"], out
    assert_pc_in(board, fault, "undefined_instruction")


class Qmp:
    """QEMU's machine protocol on a unix socket: what a debug probe is to a real board."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.sock.settimeout(10)
        self.pending = b""
        assert "QMP" in self.receive()
        self.execute("qmp_capabilities")

    def receive(self):
        while b"\n" not in self.pending:
            chunk = self.sock.recv(4096)
            assert chunk, "QMP socket closed"
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def execute(self, command, **arguments):
        self.sock.sendall(json.dumps({"execute": command, "arguments": arguments}).encode())
        while True:
            reply = self.receive()
            if "return" in reply:
                return reply["return"]
            assert "error" not in reply, reply  # anything else is an asynchronous event

    def read_memory(self, address, size):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mem.bin")
            self.execute("pmemsave", val=address, size=size, filename=path)
            with open(path, "rb") as f:
                return f.read()


def read_c_string(qmp, address, limit=32):
    return qmp.read_memory(address, limit).split(b"\0")[0].decode()


@pytest.mark.parametrize("board", BOARDS)
def test_rtt_up_channel_readable_like_a_debugger(board, tmp_path):
    """Finds the control block by searching RAM for its ID (as OpenOCD's `rtt setup` does), reads
    the up buffer between RdOff and WrOff, and expects the banner and the log lines in it."""
    sock = str(tmp_path / "qmp.sock")
    cmd = ["qemu-system-arm", "-M", board, "-nographic", "-monitor", "none", "-serial", "stdio",
           "-qmp", f"unix:{sock},server=on,wait=off", "-semihosting-config", "enable=on,target=native",
           "-kernel", str(elf_path(board)), "-append", "rtt"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        uart = b""
        while b"rtt ready" not in uart:
            assert time.monotonic() < deadline, uart
            uart += os.read(proc.stdout.fileno(), 4096)
        qmp = Qmp(sock)
        ram = qmp.read_memory(0x20000000, 64 * 1024)
        at = ram.find(b"SEGGER RTT\0")
        assert at >= 0, "no RTT control block in RAM"
        assert 0x20000000 + at == symbols(board)["_SEGGER_RTT"][0]
        max_up, max_down = struct.unpack_from("<ii", ram, at + 16)
        assert (max_up, max_down) == (1, 1)
        name, buf, size, wr, rd, flags = struct.unpack_from("<IIIIII", ram, at + 24)
        assert read_c_string(qmp, name) == "Terminal"
        assert flags & 3 == 0, "up buffer 0 must be in non-blocking skip mode"
        assert 0 <= rd < size and 0 <= wr < size and rd == 0
        text = qmp.read_memory(buf, wr).decode()
        qmp.execute("quit")
    finally:
        proc.kill()
        proc.wait()
    lines = text.splitlines()
    assert "platform-test" in lines[0] and board in lines[0], text
    for i in (1, 2, 3):
        assert any(line.endswith(f"rtt line {i} of 3") for line in lines), text
    assert lines[-1].endswith("rtt ready")
    # Whatever went to the UART went to RTT too, line for line.
    assert text.splitlines() == uart.decode().strip().splitlines()
