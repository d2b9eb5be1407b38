"""Typed domain errors; ``lti_tool.errors`` maps each to one HTTP status, once."""

from collections.abc import Sequence


class AssessmentError(Exception):
    """Base class. ``message`` is safe to show to the user."""


class BankError(AssessmentError):
    """The question bank or competence model is not valid (raised when loading)."""


class ProblemsError(BankError, ValueError):
    """A document (role matrix, policy, rollout plan) is not valid; ``problems`` lists every problem
    found (also joined in the message)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class InvalidResponse(AssessmentError):
    """An answer that does not fit the question (unknown option, wrong shape)."""


class AttemptClosed(AssessmentError):
    """The attempt was submitted or its time ran out; no more answers are accepted."""


class BlueprintUnsatisfiable(AssessmentError):
    """The bank has too few approved items for what the blueprint asks."""


class RuleBroken(AssessmentError):
    """A domain rule refuses a step. ``code`` names the rule (the edge words it in the reader's
    language); ``params`` fill in that wording. ``str(exc)`` is the code, for logs."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NotPermitted(RuleBroken):
    """The person may not take this step: their role, or four eyes."""


class WrongState(RuleBroken):
    """The step does not fit where the aggregate is now (e.g. approving a draft)."""


class Incomplete(RuleBroken):
    """The step lacks something only the person can give (e.g. the reason for a rejection)."""


class NotKnown(RuleBroken):
    """The aggregate the step names does not exist."""
