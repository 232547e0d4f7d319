# Thin driver over CMake. The two commands a newcomer needs: `make run` and `make test`.
#   make run   [BOARD=mps2-an500|native] [APP=mqtt-device|playground] [BROKER=host[:port]]
#   make test  everything: unit tests (ctest), on-target tests in QEMU, integration tests
#   make firmware   every app for every board: build/<board>/<app>.elf, build/native/<app>
#   make bench | fuzz | soak   the long runs, kept out of `make test`
#   make flash | rtt | gdb  BOARD=nucleo-h743zi2|nucleo-f429zi APP=...  [PROBE=openocd|pyocd|jlink]

BOARDS  := native mps2-an500 nucleo-h743zi2 nucleo-f429zi
BOARD   ?= mps2-an500
APP     ?= mqtt-device
PYTHON  := /usr/bin/python3
JOBS    ?= $(shell nproc)

.PHONY: all setup firmware build test unit target-tests integration run bench fuzz soak clean \
        flash rtt gdb \
        $(addprefix build-,$(BOARDS) mps2-an386)
.SECONDARY:

all: firmware

setup:
	@bash scripts/setup.sh

ALL_BOARDS := $(BOARDS) mps2-an386

build/%/build.ninja: CMakeLists.txt
	cmake --preset $* >/dev/null

# A static pattern rule: make does no implicit-rule search for .PHONY targets.
$(addprefix build-,$(ALL_BOARDS)): build-%: build/%/build.ninja
	cmake --build build/$* -j $(JOBS)

firmware: setup $(addprefix build-,$(BOARDS))

build: setup build-$(BOARD)

unit: setup build-native
	ctest --test-dir build/native --output-on-failure -j $(JOBS)

target-tests: setup build-mps2-an500 build-mps2-an386
	$(PYTHON) -m pytest -q tests/target

integration: setup firmware
	$(PYTHON) -m pytest -q tests/integration

test: setup firmware build-mps2-an386
	ctest --test-dir build/native --output-on-failure -j $(JOBS)
	bash fuzz/run.sh short
	$(PYTHON) -m pytest -q tests/target tests/integration

run: setup build-$(BOARD)
	bash scripts/run.sh $(BOARD) $(APP)

bench: setup firmware build-mps2-an386
	bash bench/run.sh

fuzz: setup build-native
	bash fuzz/run.sh long

soak: setup firmware
	$(PYTHON) -m pytest -q -m soak tests/integration

# A NUCLEO board on its ST-LINK (scripts/flash.sh, docs/boards.md).
flash: setup build-$(BOARD)
	bash scripts/flash.sh flash $(BOARD) $(APP)

rtt: setup
	bash scripts/flash.sh rtt $(BOARD) $(APP)

gdb: setup build-$(BOARD)
	bash scripts/flash.sh gdb $(BOARD) $(APP)

clean:
	rm -rf build
