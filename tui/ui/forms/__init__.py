"""Create and edit forms as plain Python: field specs, the draft, validation, diff and save flow.

Nothing here imports Textual, so the rules that protect a user's edit are tested without a
terminal; the screens and widgets only show a ``Draft`` and feed keystrokes back into it.
"""
