"""The Praxis ontology, its SHACL shapes and concept schemes, shipped as ``graph.ontology``.

These files are the source of truth; ``pyproject.toml`` maps this folder into the
package (no copies), and :mod:`graph.store.bundled` reads them with importlib.resources.
"""
