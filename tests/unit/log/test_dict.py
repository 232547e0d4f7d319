#!/usr/bin/python3
"""Dictionary log, host side: test_log_dict (test_dict.c) writes each case as a record and as the
text build's line; tools/logdecode must print the text line from the record, byte for byte. Then
the decoder's resynchronisation: a cut record, garbage and plain text between records cost only
what they damaged. Run by ctest with the test program's path."""
import io
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools" / "logdecode"))
import logdecode  # noqa: E402


def decode(decoder, stream):
    out, err = io.BytesIO(), io.StringIO()
    decoder.stream([stream], out, err)
    return out.getvalue().splitlines(keepends=True), err.getvalue()


def main():
    program = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        records, text = pathlib.Path(tmp, "records.bin"), pathlib.Path(tmp, "text.txt")
        subprocess.run([program, str(records), str(text)], check=True)
        stream, expected = records.read_bytes(), text.read_bytes().splitlines(keepends=True)
    decoder = logdecode.Decoder(program)
    failures = 0

    lines, err = decode(decoder, stream)
    if err or len(lines) != len(expected):
        print(f"decoded {len(lines)} lines for {len(expected)} expected; stderr: {err}")
        failures += 1
    for got, want in zip(lines, expected):
        if got != want:
            print(f"record decoded as {got!r}\n    text build {want!r}")
            failures += 1

    # Every message's format matches the types its call site sent.
    problems = logdecode.check(decoder)
    failures += problems

    # Resynchronisation. Records are 0x00 COBS 0x00: split the stream into them, then damage it.
    frames = [b"\0" + f + b"\0" for f in stream.split(b"\0") if f]
    assert len(frames) == len(expected), (len(frames), len(expected))
    cut = frames[3][:len(frames[3]) // 2]  # a partial record (its end lost)
    damaged = (frames[0] + frames[1][1:] +  # the leading 0x00 of a record lost: harmless
               b"\x07garbage\xff" + frames[2] +  # noise between records
               b"plain text on the port\n" + cut + frames[4] +
               frames[5][:-1])  # the stream ends without the closing 0x00
    lines, err = decode(decoder, damaged)
    want = [expected[0], expected[1], expected[2], b"plain text on the port\n", expected[4],
            expected[5]]
    if lines != want:
        print("after damage:\n  " + "\n  ".join(map(repr, lines)) + f"\nstderr: {err}")
        failures += 1
    if err.count("dropped") != 2:  # the garbage and the cut record, each reported once
        print(f"expected two dropped frames, stderr: {err!r}")
        failures += 1

    print(f"{len(expected)} records decoded as their text lines; {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
