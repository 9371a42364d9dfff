"""`python -m tui` runs the same entry point as the `sde-alm` command."""

from tui.cli.main import main

raise SystemExit(main())
