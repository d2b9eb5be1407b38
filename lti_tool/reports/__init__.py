"""Company-level reports: coverage, level mix, lagging groups and trends (computations in ``assessments``).

``charts`` renders them as server-side SVG (no JavaScript); the views that serve them live beside it.
"""
