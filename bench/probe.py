"""Run an app headless in this process, write the wall-clock time it reached a point, then exit.

    python bench/probe.py POINT bare
    python bench/probe.py POINT sde-alm [sde-alm arguments...]
    python bench/probe.py rows floor      (bench/floor_app.py: the floor of the --demo figure)

POINT is ``first-frame`` (the first frame composed), ``rows`` (the first frame with connection
rows painted) or ``rows=N`` (the first frame painted while the table holds N rows or more).
The probe writes ``BENCH <point> <time.time()>`` and ``BENCH vmhwm_kib <peak RSS>`` to fd 2,
then ``BENCH vmhwm_settled_kib`` (the peak 1 s later for ``rows`` points) and asks the app to
exit. The parent (``bench/run.py``) takes its own ``time.time()`` just before spawning, so the
figure is spawn -> point. With ``BENCH_EXIT_AT_POINT=1`` the process ends at the point, for
counting the instructions it took to get there (``bench/run.py``, under valgrind). Nothing
here changes what the app does: the hooks wrap ``App.run`` (headless, 120x40) and
``App._display`` (called once per frame).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


def mark(name: str, value: object) -> None:
    os.write(2, f"BENCH {name} {value}\n".encode())


def vmhwm_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def install(point: str, *, floor: bool = False) -> None:
    from textual.app import App

    want_rows = point.startswith("rows")
    min_rows = int(point.split("=", 1)[1]) if "=" in point else 1
    painted: dict[str, bool] = {"rows": False, "done": False}
    painted_by = "-"

    if want_rows and floor:
        painted_by = "rows_shown"  # set by FloorApp once its static holds the rows
    elif want_rows:
        from tui.ui.widgets.resource_table import ResourceTable

        render_line = ResourceTable.render_line

        def render_line_probe(self: Any, y: int) -> Any:
            if y >= 1 and self.total >= min_rows and self._rows:
                painted["rows"] = True
            return render_line(self, y)

        ResourceTable.render_line = render_line_probe  # type: ignore[method-assign]

    display = App._display

    def display_probe(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is None or painted["done"]:
            return
        if want_rows and not (painted["rows"] or getattr(self, painted_by, False)):
            return
        painted["done"] = True
        mark(point, f"{time.time():.6f}")
        if os.environ.get("BENCH_EXIT_AT_POINT"):  # counting instructions up to here (valgrind)
            os._exit(0)
        mark("vmhwm_kib", vmhwm_kib())

        def settled() -> None:
            mark("vmhwm_settled_kib", vmhwm_kib())  # the peak once the load has finished too
            self.exit()

        # Exiting inside a frame can race widgets still mounting; the figure is already taken.
        self.set_timer(1.0 if want_rows else 0.3, settled)

    App._display = display_probe  # type: ignore[method-assign]

    run = App.run

    def run_probe(self: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs["size"] = (120, 40)
        return run(self, **kwargs)

    App.run = run_probe  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] not in ("bare", "sde-alm", "floor"):
        print(__doc__, file=sys.stderr)
        return 2
    point, target, args = argv[0], argv[1], argv[2:]
    install(point, floor=target == "floor")
    if target == "floor":
        from floor_app import main as floor_main

        return floor_main()
    if target == "bare":
        from bare_app import main as bare_main

        return bare_main()
    from tui.cli.main import main as sde_main

    return sde_main(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
