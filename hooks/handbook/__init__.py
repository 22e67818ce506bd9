"""Core of the BTS exam handbook: session model, loading, checks, outputs.

Importable without MkDocs, so the staff check command and the tests run it alone.
"""
