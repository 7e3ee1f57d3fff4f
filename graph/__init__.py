"""Praxis graph: a knowledge graph that links a chapter's theory to its practice.

The library behind the ``praxis`` command and the Streamlit explorer. Nothing in
this package imports Streamlit; the explorer and the CLI are thin faces on it.
"""

from graph.access import Role, Viewer, Visibility
from graph.errors import PraxisError
from graph.store import PraxisStore, open_store

__all__ = ["PraxisError", "PraxisStore", "Role", "Viewer", "Visibility", "open_store"]
__version__ = "0.1.0"
