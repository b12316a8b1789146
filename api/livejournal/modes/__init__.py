"""Every LiveJournal mode: importing this package registers each module's handlers.

Modules are discovered with importlib so that a new `modes/<name>.py` is picked up without
editing this file (two helpers write modes here at the same time).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

logger = logging.getLogger(__name__)


def load_all() -> list[str]:
    """Import every module of this package (idempotent); returns their names."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    for name in names:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except Exception:
            # One broken mode module must not take every other mode down with it.
            logger.exception("LiveJournal mode module %s failed to import", name)
    return names


load_all()
