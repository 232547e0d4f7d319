"""Settings persistence on target: save to .noinit RAM, warm reset, restore (settings/selftest)."""
import pytest


@pytest.mark.parametrize("board", ["mps2-an500", "mps2-an386"])
def test_settings_survive_warm_reset(qemu, board):
    rc, out = qemu(board, "settings-selftest", timeout=120)
    assert "PASSED after warm reset" in out, out[-2000:]
    assert rc == 0, out[-2000:]
