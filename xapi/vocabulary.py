"""The verbs, activity types and extensions the tool uses (xAPI 1.0.3 with the cmi5 vocabulary).

Tool-specific IRIs live under ``<base_url>/xapi/``: the deployment's public URL must stay stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Verb:
    id: str
    display: dict[str, str]


ADL = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = Verb(ADL + "launched", {"en": "launched", "nl": "startte"})
INITIALIZED = Verb(ADL + "initialized", {"en": "initialized", "nl": "begon"})
ANSWERED = Verb(ADL + "answered", {"en": "answered", "nl": "beantwoordde"})
PASSED = Verb(ADL + "passed", {"en": "passed", "nl": "slaagde voor"})
FAILED = Verb(ADL + "failed", {"en": "failed", "nl": "zakte voor"})
TERMINATED = Verb(ADL + "terminated", {"en": "terminated", "nl": "beëindigde"})
SCORED = Verb(ADL + "scored", {"en": "scored", "nl": "scoorde"})

EARNED = Verb("http://id.tincanapi.com/verb/earned", {"en": "earned", "nl": "behaalde"})
COMPLETED = Verb(ADL + "completed", {"en": "completed", "nl": "voltooide"})
VOIDED = Verb(ADL + "voided", {"en": "voided", "nl": "trok in"})

ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
COURSE = "http://adlnet.gov/expapi/activities/course"
CMI5_SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CMI5_MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"


class ToolIris:
    """IRIs minted by one deployment of the tool."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/") + "/xapi"

    def exam(self, exam_key: str) -> str:
        return f"{self.base}/activities/exam/{exam_key}"

    def item(self, item_key: str) -> str:
        return f"{self.base}/activities/item/{item_key}"

    def course(self, issuer: str, context_id: str) -> str:

        return f"{self.base}/activities/course/{quote(issuer, safe='')}/{quote(context_id, safe='')}"

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    def verb(self, name: str) -> str:
        """Verbs minted by the tool: ``expired``, ``revoked``, ``recertification-required``."""
        return f"{self.base}/verbs/{name}"

    def certificate(self, level: str) -> str:
        """The activity a certificate (diploma) at ``level`` is about."""
        return f"{self.base}/activities/certificate/{level}"

    @property
    def certificate_type(self) -> str:
        return f"{self.base}/activity-types/certificate"

    @property
    def organisation(self) -> str:
        """The homePage of the tool's own agent (the actor of organisation-wide decisions)."""
        return f"{self.base}/agents"

    @property
    def category(self) -> str:
        """Context category marking statements that follow the tool's xAPI profile: its current version
        (version 2 added the language a question was shown in)."""
        return f"{self.profile}/v2"

    @property
    def profile(self) -> str:
        """The profile's first version id (statements sent before version 2 carry it as their category);
        ``#profile`` appended names the profile as a whole."""
        return f"{self.base}/profile"
