"""The model flavours: boards/native-h7model and boards/native-f4model run a NUCLEO board's real
Ethernet driver (drivers/eth/stm32h7_eth.c, stm32f4_eth.c) against a behavioural model of its
DMA engine, in a Linux process whose cable is a TAP. Any application builds for them; the tests
of netcheck (test_board_models), the playground and mqtt-device run through both.

Trees: build/<flavour> (KIT_MODEL_BUILD_ROOT overrides the parent), configured on first use
without the build-time network settings (the tests give them as options)."""
import os
import pathlib

import pytest

from kitnet import ROOT
from netcore import CONFIG_VARS, _build

MODELS = ["native-h7model", "native-f4model"]
MODEL_ROOT = pathlib.Path(os.environ.get("KIT_MODEL_BUILD_ROOT", ROOT / "build"))


def model_image(flavour, app, tree_name=None, options=()):
    """app built for a model flavour (or a board with options), its tree configured first if it
    is new: build/<tree_name or flavour>/<app>, or <app>.elf for a cross board."""
    tree = MODEL_ROOT / (tree_name or flavour)
    env = dict(os.environ)
    for var in CONFIG_VARS:
        env[var] = ""
    _build(tree, app, env=env,
           configure=["cmake", "-S", str(ROOT), "-B", str(tree), "-G", "Ninja",
                      f"-DBOARD={flavour}", *options])
    path = tree / app
    if not path.exists():
        path = tree / f"{app}.elf"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    return path
