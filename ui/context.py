"""What a running station window needs: built by the Qt-free ``counterapp.bootstrap``
and only received here (the window, the CLI and the tests share the one wiring)."""

from __future__ import annotations

from counterapp.bootstrap import StationContext, bootstrap

__all__ = ["StationContext", "bootstrap"]
