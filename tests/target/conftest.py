"""Fixtures for on-target tests; the helpers themselves live in kit_qemu.py."""
import pytest

from kit_qemu import qemu_run


@pytest.fixture
def qemu():
    return qemu_run
