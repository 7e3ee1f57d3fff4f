"""The seed graph a new chapter gets, shipped as ``graph.seed``.

These files are the source of truth; ``pyproject.toml`` maps this folder into the
package (no copies), and :mod:`graph.store.bundled` reads them with importlib.resources.
"""
