"""The assessment domain: levels, competences, items, blueprints, attempts and scoring.

Plain Python: no Flask, no database. The web layer (``lti_tool``) adapts HTTP and storage to it.
"""
