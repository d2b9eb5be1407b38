"""Question-bank authoring for L&D: items, review workflow, blueprints, competences, imports."""
