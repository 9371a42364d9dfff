"""sde-alm: a terminal console for SD Elements ALM (issue-tracker) connectors and connections."""

__version__ = "0.1.0"
