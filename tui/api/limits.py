"""How much one listing may load: the defaults of the page budget (no imports: settings use it)."""

from __future__ import annotations

DEFAULT_MAX_ITEMS = 200_000
"""Items one listing may load when the server gives no count (or a bigger one). Twice the largest
fleet the project is measured at (100k connections), yet a few hundred MB of loaded rows rather
than the machine's memory; ``max_items`` in a profile raises it."""
DEFAULT_MAX_PAGES = 10_000
"""Pages one listing may take: what stops pages that hold few or no items (a 200k listing at the
first page's 100 a page is 2,000)."""
COUNT_SLACK = 100
"""Items beyond the server's count still read (at least; else a tenth of the count): rows added
while the listing is read are expected, an endless stream is not."""
