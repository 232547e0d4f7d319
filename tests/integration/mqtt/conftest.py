"""The `soak` marker: long versions of the MQTT tests, run by `make soak` (pytest -m soak) and
skipped otherwise, so `make test` stays short."""
import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: long-running version of a test (make soak)")


def pytest_collection_modifyitems(config, items):
    if "soak" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="soak test: run with -m soak (make soak)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)
