#!/usr/bin/python3
"""Decodes the dictionary log (KIT_LOG_DICT=ON, docs/logging.md) back into the text build's lines.

    tools/logdecode/logdecode.py IMAGE.elf [INPUT]
        INPUT: a file, '-' for stdin (default), or tcp:HOST:PORT (QEMU's -serial tcp:..., an
        OpenOCD or J-Link RTT server)
    tools/logdecode/logdecode.py --check IMAGE.elf
        lists the image's messages and checks each format against its argument types

The image must be the one that runs: the records name their format by its offset in the ELF's
section `log_dict`. The stream is 0x00-delimited COBS frames (log/src/dict.c); a frame that does
not decode is reported on stderr and skipped, and bytes that are plain text (anything written to
the port outside the log) are passed through. Python's standard library only."""
import argparse
import socket
import struct
import sys

LEVEL_LETTERS = "-EWIDT"  # log.c: "-EWIDT"[level]; '0' is log_panic (no timestamp)
PANIC = ord("0")
I32, I64, STR, SPAN = range(4)  # log/dict.h LOG_DICT_I32 ...
VARINT_MAX = 10
FIELD_MAX = 1024  # fmt.c FMT_FIELD_MAX


class ElfError(Exception):
    pass


def read_section(path, name=b"log_dict"):
    """(bytes, is_64_bit) of the named section, from the ELF's section headers."""
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF":
        raise ElfError(f"{path}: not an ELF file")
    is64 = elf[4] == 2
    end = "<" if elf[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", elf, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", elf, 0x3A)
        shdr = end + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(end + "I", elf, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", elf, 0x2E)
        shdr = end + "IIIIIIIIII"
    headers = [struct.unpack_from(shdr, elf, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = elf[strtab[4]:strtab[4] + strtab[5]]
    for h in headers:
        sh_name, sh_type, _, _, sh_offset, sh_size = h[:6]
        if names[sh_name:names.index(b"\0", sh_name)] == name:
            if sh_type == 8:  # SHT_NOBITS
                raise ElfError(f"{path}: section {name.decode()} has no contents")
            return elf[sh_offset:sh_offset + sh_size], is64
    raise ElfError(f"{path}: no section {name.decode()} (built without KIT_LOG_DICT=ON?)")


class Entry:
    def __init__(self, level, types, fmt):
        self.level, self.fmt = level, fmt
        self.types = []  # the argument types, in order
        while types > 1:
            self.types.append(types & 3)
            types >>= 2


def read_dictionary(path):
    """offset -> Entry, and the target's widths of long/size_t/pointers in bits."""
    data, is64 = read_section(path)
    entries = {}
    i = 0
    while i < len(data):
        if data[i] == 0:  # alignment padding between objects' entries
            i += 1
            continue
        nul = data.index(b"\0", i)
        raw = data[i:nul]
        if len(raw) < 6 or not all(0x41 <= c < 0x51 for c in raw[1:6]):
            raise ElfError(f"{path}: malformed log_dict entry at offset {i:#x}")
        types = sum((c - 0x41) << (4 * k) for k, c in enumerate(raw[1:6]))
        entries[i] = Entry(raw[0], types, raw[6:])
        i = nul + 1
    return entries, 64 if is64 else 32


# --- the formatter: log/src/fmt.c, conversion by conversion --------------------------------------

def format_message(fmt, args, long_bits):
    """fmt.c's fmt_vsnprintf over decoded arguments: ints (their raw bits), bytes (strings), or
    None (an argument the record could not hold)."""
    out = bytearray()
    args = list(args)
    length_bits = {"": 32, "h": 16, "hh": 8, "l": long_bits, "ll": 64, "z": long_bits}

    def next_arg():
        return args.pop(0) if args else None

    def int_of(a):
        return a if isinstance(a, int) else 0

    def signed32(v):
        v &= 0xFFFFFFFF
        return v - (1 << 32) if v & 0x80000000 else v

    def field(v):  # parse_field
        nonlocal p
        if p < len(fmt) and fmt[p] == 0x2A:  # '*'
            p += 1
            n = signed32(int_of(next_arg()))
            return max(-FIELD_MAX, min(FIELD_MAX, n))
        while p < len(fmt) and 0x30 <= fmt[p] <= 0x39:
            v = min(FIELD_MAX, v * 10 + fmt[p] - 0x30)
            p += 1
        return v

    p = 0
    while p < len(fmt):
        c = fmt[p]
        p += 1
        if c != 0x25:  # '%'
            out.append(c)
            continue
        left = zero_flag = False
        while p < len(fmt) and fmt[p] in b"-0":
            left |= fmt[p] == 0x2D
            zero_flag |= fmt[p] == 0x30
            p += 1
        width = field(0)
        if width < 0:
            left, width = True, -width
        precision = -1
        if p < len(fmt) and fmt[p] == 0x2E:  # '.'
            p += 1
            precision = field(0)
            if precision < 0:
                precision = -1
        length = ""
        if p < len(fmt) and fmt[p] == 0x7A:  # 'z'
            length = "z"
            p += 1
        elif p < len(fmt) and fmt[p] in b"hl":
            length = chr(fmt[p])
            if p + 1 < len(fmt) and fmt[p + 1] == fmt[p]:
                length += length
                p += 1
            p += 1
        if p >= len(fmt):  # a lone '%' at the end
            break
        conv = chr(fmt[p])
        p += 1
        prefix, zeros, zero_fill = b"", 0, False
        if conv == "c":
            body = bytes([int_of(next_arg()) & 0xFF])
        elif conv == "s":
            a = next_arg()
            body = a if isinstance(a, bytes) else b"" if a is None else b"<?>"
            body = body.split(b"\0")[0]
            if precision >= 0:
                body = body[:precision]
        elif conv in "diuxXop":
            base = 8 if conv == "o" else 16 if conv in "xXp" else 10
            v = int_of(next_arg())
            if conv == "p":
                prefix = b"0x"
            else:
                bits = length_bits[length]
                if bits > 32:
                    v &= (1 << 64) - 1
                else:
                    v &= (1 << bits) - 1
                    if conv in "di" and v >> (bits - 1):
                        v -= 1 << bits
                    v &= (1 << 64) - 1
                if conv in "di" and v >> 63:
                    v = (1 << 64) - v
                    prefix = b"-"
            digits = "0123456789ABCDEF" if conv == "X" else "0123456789abcdef"
            body = b""
            if v != 0 or precision != 0:
                s = ""
                while True:
                    s = digits[v % base] + s
                    v //= base
                    if not v:
                        break
                body = s.encode()
            if precision > len(body):
                zeros = precision - len(body)
            zero_fill = zero_flag and not left and precision < 0
        else:  # '%%', or a conversion fmt.c does not know: printed as written
            if conv != "%":
                out.append(0x25)
            out += conv.encode("latin-1")
            continue
        fill = max(0, width - (len(prefix) + zeros + len(body)))
        if zero_fill:
            zeros, fill = zeros + fill, 0
        if not left:
            out += b" " * fill
        out += prefix + b"0" * zeros + body
        if left:
            out += b" " * fill
    return bytes(out)


def timestamp_prefix(us, level):
    letter = LEVEL_LETTERS[level] if 0 <= level <= 5 else "-"
    return b"[%5d.%06d] %s " % (us // 1000000, us % 1000000, letter.encode())


# --- records ------------------------------------------------------------------------------------

class BadRecord(Exception):
    pass


def cobs_decode(frame):
    out = bytearray()
    i = 0
    while i < len(frame):
        code = frame[i]
        if code == 0 or i + code > len(frame):
            raise BadRecord("COBS")
        out += frame[i + 1:i + code]
        i += code
        if i < len(frame) and code < 0xFF:
            out.append(0)
    return bytes(out)


class Reader:
    def __init__(self, payload):
        self.b, self.i = payload, 0

    def at_end(self):
        return self.i >= len(self.b)

    def varint(self, bits):
        v = shift = 0
        for _ in range(VARINT_MAX):
            if self.at_end():
                raise EOFError
            c = self.b[self.i]
            self.i += 1
            v |= (c & 0x7F) << shift
            shift += 7
            if not c & 0x80:
                if v >> bits:
                    raise BadRecord("integer too wide")
                return v
        raise BadRecord("varint")

    def string(self):
        if self.at_end():
            raise EOFError
        nul = self.b.find(b"\0", self.i)
        if nul < 0:
            raise EOFError
        s = self.b[self.i:nul]
        self.i = nul + 1
        return s


class Decoder:
    def __init__(self, elf, line_max=160):
        self.entries, self.long_bits = read_dictionary(elf)
        self.line_max = line_max

    def decode(self, payload):
        """One record's payload -> the text line, with its newline."""
        r = Reader(payload)
        try:
            entry = self.entries.get(r.varint(32))
            if entry is None:
                raise BadRecord("unknown message id")
            panic = entry.level == PANIC
            us = 0 if panic else r.varint(64)
        except EOFError:
            raise BadRecord("short record")
        args = []
        try:
            for t in entry.types:
                if t == I32:
                    args.append(r.varint(32))
                elif t == I64:
                    args.append(r.varint(64))
                elif t == STR:
                    args.append(r.string())
                else:
                    args.append(r.varint(32))
                    args.append(r.string())
        except EOFError:  # dict.c always sends every argument (long strings are cut)
            raise BadRecord("short record")
        if not r.at_end():
            raise BadRecord("bytes after the last argument")
        msg = format_message(entry.fmt, args, self.long_bits)
        line = msg if panic else timestamp_prefix(us, entry.level - PANIC) + msg
        return line[:self.line_max - 2] + b"\n"  # log.c emit(): the text build's cut

    def stream(self, chunks, out, err):
        """Frames from an iterable of byte chunks; lines to out (binary), problems to err."""
        pending = bytearray()
        bad = 0
        for chunk in chunks:
            pending += chunk
            while True:
                nul = pending.find(b"\0")
                if nul < 0:
                    break
                frame = bytes(pending[:nul])
                del pending[:nul + 1]
                if frame:
                    bad += self.frame(frame, out, err)
        if pending:
            bad += self.frame(bytes(pending), out, err, last=True)
        return bad

    def frame(self, frame, out, err, last=False):
        try:
            out.write(self.decode(cobs_decode(frame)))
            out.flush()
            return 0
        except BadRecord as e:
            if all(32 <= c < 127 or c in b"\r\n\t" for c in frame):
                out.write(frame)  # text on the port that is not a record
                out.flush()
                return 0
            if not last:
                err.write(f"logdecode: dropped a {len(frame)}-byte frame: {e}\n")
            return 1


def check(decoder):
    """Each message's format against the types its call site sent: a number must meet an
    integer, a `%s` a string, and a `%.*s` a LOG_SPAN (the span need not end in a NUL: without
    the wrapper the device would send the bytes up to one). Returns the number of problems."""
    problems = 0
    for off, e in sorted(decoder.entries.items()):
        want = []  # what the format consumes: "n" integer, "s" string, "span" LOG_SPAN's length
        fmt = e.fmt.decode("latin-1")
        i = 0
        while i < len(fmt):
            if fmt[i] != "%":
                i += 1
                continue
            i += 1
            while i < len(fmt) and fmt[i] in "-0":
                i += 1
            if i < len(fmt) and fmt[i] == "*":
                want.append("n")
                i += 1
            while i < len(fmt) and fmt[i].isdigit():
                i += 1
            star_precision = False
            if i < len(fmt) and fmt[i] == ".":
                i += 1
                if i < len(fmt) and fmt[i] == "*":
                    star_precision = True
                    i += 1
                while i < len(fmt) and fmt[i].isdigit():
                    i += 1
            while i < len(fmt) and fmt[i] in "hlz":
                i += 1
            conv = fmt[i] if i < len(fmt) else ""
            i += 1
            if star_precision:
                want.append("span" if conv == "s" else "n")
            if conv in tuple("diuxXopc"):
                want.append("n")
            elif conv == "s":
                want.append("s")
        sent = []
        for t in e.types:
            sent += {I32: ["n"], I64: ["n"], STR: ["s"], SPAN: ["span", "s"]}[t]
        ok = want == sent
        level = "P" if e.level == PANIC else LEVEL_LETTERS[e.level - PANIC]
        print(f"{off:#06x} {level} {'ok ' if ok else 'BAD'} {fmt}")
        problems += not ok
    return problems


def chunks_from(source):
    if source.startswith("tcp:"):
        host, port = source[4:].rsplit(":", 1)
        sock = socket.create_connection((host or "localhost", int(port)))
        while True:
            data = sock.recv(4096)
            if not data:
                return
            yield data
    f = sys.stdin.buffer if source == "-" else open(source, "rb")
    while True:
        data = f.read1(4096) if hasattr(f, "read1") else f.read(4096)
        if not data:
            return
        yield data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("elf", help="the image that produced the log (with its log_dict section)")
    ap.add_argument("input", nargs="?", default="-", help="file, '-' (stdin) or tcp:HOST:PORT")
    ap.add_argument("--line-max", type=int, default=160, help="the image's LOG_LINE_MAX")
    ap.add_argument("--check", action="store_true",
                    help="check every message's format against its argument types, then exit")
    a = ap.parse_args()
    try:
        decoder = Decoder(a.elf, a.line_max)
    except (OSError, ElfError) as e:
        sys.exit(f"logdecode: {e}")
    if a.check:
        sys.exit(1 if check(decoder) else 0)
    try:
        decoder.stream(chunks_from(a.input), sys.stdout.buffer, sys.stderr)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
