"""Typed domain errors; ``lti_tool.errors`` maps each to one HTTP status, once."""


class AssessmentError(Exception):
    """Base class. ``message`` is safe to show to the user."""


class BankError(AssessmentError):
    """The question bank or competence model is not valid (raised when loading)."""


class InvalidResponse(AssessmentError):
    """An answer that does not fit the question (unknown option, wrong shape)."""


class AttemptClosed(AssessmentError):
    """The attempt was submitted or its time ran out; no more answers are accepted."""


class BlueprintUnsatisfiable(AssessmentError):
    """The bank has too few approved items for what the blueprint asks."""
