"""A scripted MQTT 'broker' on 127.0.0.1: accepts the client, reads its packets, sends whatever
bytes a test wants, including the malformed and hostile ones no real broker would send."""
import socket
import time


class FakeBroker:
    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.host, self.port = "127.0.0.1", self.listener.getsockname()[1]
        self.conn = None

    def accept(self, timeout=10):
        self.listener.settimeout(timeout)
        self.conn, _ = self.listener.accept()
        self.buf = b""
        return self

    def send(self, data):
        self.conn.sendall(data)

    def _fill(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.conn.settimeout(left)
            try:
                chunk = self.conn.recv(65536)
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise EOFError
            self.buf += chunk

    def packet(self, timeout=5):
        """The next packet as (first byte, body); None when the client closed the connection."""
        deadline = time.monotonic() + timeout
        try:
            self._fill(2, deadline)
            length, shift, i = 0, 0, 1
            while True:
                self._fill(i + 1, deadline)
                b = self.buf[i]
                length |= (b & 0x7F) << shift
                i += 1
                if not b & 0x80:
                    break
                shift += 7
            self._fill(i + length, deadline)
        except EOFError:
            return None
        first, body = self.buf[0], self.buf[i:i + length]
        self.buf = self.buf[i + length:]
        return first, body

    def expect_connect(self):
        p = self.packet()
        assert p and p[0] == 0x10, f"expected CONNECT, got {p}"
        return p[1]

    def until(self, kinds, timeout=5):
        """Reads packets until one whose type (high nibble) is in kinds, or the connection
        closes (None)."""
        while True:
            p = self.packet(timeout)
            if p is None or p[0] >> 4 in kinds:
                return p

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def stop(self):
        self.close()
        self.listener.close()
