"""Runs build/native/mqtt-posix (the kit's MQTT client on POSIX sockets) and reads its event lines
(see tools/mqtt-posix/main.c for the format) as they come."""
import os
import re
import subprocess
import threading
import time

from kitnet import native_binary


def tool_path():
    """The mqtt-posix binary: $MQTT_POSIX_BIN (e.g. a sanitizer build), else build/native's."""
    return os.environ.get("MQTT_POSIX_BIN") or str(native_binary("mqtt-posix"))


def parse_fields(line):
    """'MSG qos=1 topic=a/b payload=x' -> {'kind': 'MSG', 'qos': '1', ...}."""
    kind, _, rest = line.partition(" ")
    fields = {"kind": kind}
    for key, value in re.findall(r"(\w+)=(\S*)", rest):
        fields.setdefault(key, value)
    return fields


class Tool:
    """One mqtt-posix process. Lines are collected in .lines by a reader thread."""

    def __init__(self, broker, *args, version=5, host=None):
        cmd = [tool_path(), "-h", host or broker.host, "-p", str(broker.port), "-V", str(version),
               *[str(a) for a in args]]
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.lines = []
        self.cond = threading.Condition()
        self.stderr = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._err = threading.Thread(target=self._read_err, daemon=True)
        self._err.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def _read_err(self):
        self.stderr = self.proc.stderr.read()

    def events(self, kind):
        with self.cond:
            return [parse_fields(l) for l in self.lines if l.startswith(kind + " ") or l == kind]

    def wait_for(self, predicate, timeout=10, what="event"):
        """Waits until predicate(lines) is true; fails with the output so far if it never is."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate(self.lines):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; output:\n" +
                                         "\n".join(self.lines[-40:]) + "\n" + self.stderr[-2000:])
                self.cond.wait(min(left, 0.2))
            return list(self.lines)

    def wait_line(self, prefix, timeout=10, count=1):
        self.wait_for(lambda ls: sum(1 for l in ls if l.startswith(prefix)) >= count, timeout,
                      f"{count} x '{prefix}'")
        return [parse_fields(l) for l in self.lines if l.startswith(prefix)]

    def finish(self, timeout=30):
        """Waits for the process to exit by itself; returns its status."""
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("mqtt-posix did not finish; output:\n" + "\n".join(self.lines[-40:]))
        self._reader.join(5)
        self._err.join(5)
        return rc

    def kill(self, sig=9):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait()
        self._reader.join(5)
        self._err.join(5)

    def check_sanitizers(self):
        assert "AddressSanitizer" not in self.stderr and "runtime error" not in self.stderr, \
            self.stderr[-4000:]


def run(broker, *args, version=5, timeout=30):
    """Runs mqtt-posix to completion; fails unless it exits 0. Returns the Tool."""
    tool = Tool(broker, *args, version=version)
    rc = tool.finish(timeout)
    assert rc == 0, f"mqtt-posix {' '.join(tool.cmd[1:])} exited {rc}:\n" + "\n".join(tool.lines[-40:]) + tool.stderr[-2000:]
    return tool


def payloads(tool):
    return [e["payload"] for e in tool.events("MSG")]
