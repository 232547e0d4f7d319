"""Dictionary logging on the target (KIT_LOG_DICT=ON, docs/logging.md): apps/sched-test and
apps/platform-test built with it for mps2-an500 (into build/mps2-an500-logdict, by this test),
booted in QEMU; their UART bytes go through tools/logdecode, and the lines must be the ones the
text build (build/mps2-an500) prints: the boot banner, the scheduler's traces, the fault report.
The timestamps and the measured delays differ by the two images' instruction counts, so they are
compared as formats, everything else as text."""
import re
import subprocess
import sys

import pytest

from kit_qemu import ROOT, qemu_run

sys.path.insert(0, str(ROOT / "tools" / "logdecode"))
import logdecode  # noqa: E402

BOARD = "mps2-an500"
DICT_BUILD = ROOT / "build" / f"{BOARD}-logdict"
APPS = ["sched-test", "platform-test"]
ICOUNT_SHIFT = 3  # as test_sched.py
LINE = re.compile(rb"^\[ *\d+\.\d{6}\] [EWIDT] ")


@pytest.fixture(scope="module")
def dict_build():
    """Configures and builds the two apps with KIT_LOG_DICT=ON (incremental after the first)."""
    if not (DICT_BUILD / "build.ninja").exists():
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(DICT_BUILD), "-G", "Ninja",
                        f"-DBOARD={BOARD}", "-DKIT_LOG_DICT=ON"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(DICT_BUILD), "--target", *APPS], check=True,
                   stdout=subprocess.DEVNULL)
    return DICT_BUILD


def run_raw(elf, timeout=60, extra=()):
    """The UART's bytes, undecoded (qemu_run decodes text)."""
    cmd = ["qemu-system-arm", "-M", BOARD, "-nographic", "-monitor", "none", "-serial", "stdio",
           "-semihosting-config", "enable=on,target=native", "-kernel", str(elf), *extra]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout


def decode(elf, raw):
    """tools/logdecode as a user runs it: the ELF, the bytes on stdin, the lines on stdout."""
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "logdecode" / "logdecode.py"),
                           str(elf)], input=raw, capture_output=True, check=True, timeout=30)
    assert proc.stderr == b"", proc.stderr
    return proc.stdout


def without_timing(text):
    """Lines with the timestamp's digits and the measured delays blanked."""
    text = re.sub(rb"^\[ *\d+\.\d{6}\]", b"[time]", text, flags=re.M)
    return re.sub(rb"measured=\d+", b"measured=N", text).splitlines()


def test_sched_test_decodes_to_the_text_lines(dict_build):
    elf = dict_build / "sched-test.elf"
    icount = ["-icount", f"shift={ICOUNT_SHIFT},align=off,sleep=off"]
    rc, raw = run_raw(elf, extra=icount)
    assert rc == 0, raw
    assert b"DELAY requested" not in raw and b"DONE" not in raw, "records, not text"
    decoded = decode(elf, raw)
    rc_text, text = qemu_run(BOARD, "sched-test", timeout=60, icount=ICOUNT_SHIFT)
    assert rc_text == 0, text
    text = text.encode()
    assert decoded.splitlines()[0].endswith(f"on {BOARD}, core clock 25000000 Hz".encode())
    assert all(LINE.match(line) for line in decoded.splitlines()), decoded
    assert without_timing(decoded) == without_timing(text), (decoded, text)
    # Time runs forward in the decoded timestamps.
    stamps = [float(line[1:line.index(b"]")]) for line in decoded.splitlines()]
    assert stamps == sorted(stamps) and stamps[-1] > 0.1, stamps


def test_fault_report_decodes(dict_build):
    """log_panic goes through the dictionary too: the report is decodable from the same stream,
    and says what the text build's report says (addresses aside: the images differ)."""
    elf = dict_build / "platform-test.elf"
    rc, raw = run_raw(elf, timeout=30, extra=["-append", "badread"])
    assert rc == 1, raw
    decoded = decode(elf, raw).decode()
    rc_text, text = qemu_run(BOARD, "platform-test", timeout=30, extra=["-append", "badread"])
    assert rc_text == 1, text
    faults = [line for line in decoded.splitlines() if line.startswith("FAULT ")]
    text_faults = [line for line in text.splitlines() if line.startswith("FAULT ")]
    assert faults and decoded.rstrip().splitlines()[-1].startswith("FAULT "), decoded
    assert faults[:2] == text_faults[:2], (faults, text_faults)  # the registers, the cause
    assert "BFAR=50000000" in faults[0] and "PRECISERR" in faults[1], faults
    def shape(lines):
        return [re.sub(r"\b[0-9a-f]{8}\b|\b\d+\b", "N", line) for line in lines]
    assert shape(faults) == shape(text_faults), (faults, text_faults)


def test_format_strings_are_not_in_the_image(dict_build):
    """The messages live in the ELF's log_dict section only: not in the loaded image, and every
    format agrees with the types its call site sends."""
    elf = dict_build / "sched-test.elf"
    binary = dict_build / "sched-test.bin"
    assert binary.exists()
    assert b"bench task ran" not in binary.read_bytes()
    assert b"bench task ran" in (ROOT / "build" / BOARD / "sched-test.bin").read_bytes()
    data, _ = logdecode.read_section(str(elf))
    assert b"bench task ran (%lu)" in data
    for app in APPS:
        proc = subprocess.run([sys.executable, str(ROOT / "tools" / "logdecode" / "logdecode.py"),
                               "--check", str(dict_build / f"{app}.elf")], capture_output=True)
        assert proc.returncode == 0, proc.stdout.decode()
