"""Data in and out: RDF files, bibliographies, spreadsheets, thesauri, GraphML.

Every importer parses and validates the whole input before the store sees any of
it, then writes it in one transaction: a bad file changes nothing.
"""
