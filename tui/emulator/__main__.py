"""`python -m tui.emulator` runs the emulator command line."""

import sys

from tui.emulator.cli import main

raise SystemExit(main(sys.argv[1:]))
