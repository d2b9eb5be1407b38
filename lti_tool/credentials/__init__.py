"""Verifiable diplomas: Open Badges 3.0 credentials (``badges``) and the printable certificate (``pdf``).

Pure functions given key material and data: no Flask, no database. The web layer (issuing on a pass,
the JWKS, the status list and verification pages) wires them to the application.
"""
