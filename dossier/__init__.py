"""dossier: compile a folder of news articles into a briefing PDF and EPUB.

Library API (the CLI is a thin layer over it):

    import dossier
    config = dossier.load_config("config.yaml")
    result = dossier.build(config)          # writes build/dossier.pdf, .epub, report.json
    plan = dossier.plan(config)             # the decisions, without rendering
"""
from __future__ import annotations

__version__ = "0.1.0"

from .config import Config, load_config  # noqa: E402
from .errors import BuildError, ConfigError, DossierError  # noqa: E402
from .pipeline import BuildResult, build, prepare  # noqa: E402
from .plan import plan  # noqa: E402

__all__ = ["Config", "load_config", "build", "prepare", "plan", "BuildResult",
           "DossierError", "ConfigError", "BuildError", "__version__"]
