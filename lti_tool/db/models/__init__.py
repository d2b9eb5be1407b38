"""The tool's tables (SQLAlchemy 2). Every row that belongs to a customer hangs off a platform.

Tenant isolation rule: a person, context, resource link, attempt or outbox row is reached only
through its ``platform_id``; repositories always filter on it.
"""

from __future__ import annotations

# isort: off
# In the order the tables were declared in the former single module, so Base.metadata lists them as before.
from .base import Base, UTCDateTime, utcnow
from .platforms import Deployment, KeyValue, Platform, PlatformInvitation, ToolKey, UsedNonce
from .people import Context, Membership, Person, ResourceLink
from .content import BlueprintVersion, CompetenceModelVersion, ItemReview, ItemVersion
from .access import Accommodation, RoleGrant
from .attempts import Attempt, Response, ScoreOutbox, Statement
from .certification import AuditEntry, Certificate, RoleMatrixVersion
from .governance import ExamFeedback, ItemFlag, PhaseRemark, PolicyVersion, RecertificationDecision, RolloutPlanVersion
from .quality import CalibrationRun, ItemCalibration
from .standard_setting import ItemRating, PanelMember, StandardSettingRound
from .mail import MailOutbox
from .learning_paths import LearningPathVersion
# isort: on

__all__ = [
    "Accommodation",
    "Attempt",
    "AuditEntry",
    "Base",
    "BlueprintVersion",
    "CalibrationRun",
    "Certificate",
    "CompetenceModelVersion",
    "Context",
    "Deployment",
    "ExamFeedback",
    "ItemCalibration",
    "ItemFlag",
    "ItemRating",
    "ItemReview",
    "ItemVersion",
    "KeyValue",
    "LearningPathVersion",
    "MailOutbox",
    "Membership",
    "PanelMember",
    "Person",
    "PhaseRemark",
    "Platform",
    "PlatformInvitation",
    "PolicyVersion",
    "RecertificationDecision",
    "ResourceLink",
    "Response",
    "RoleGrant",
    "RoleMatrixVersion",
    "RolloutPlanVersion",
    "ScoreOutbox",
    "StandardSettingRound",
    "Statement",
    "ToolKey",
    "UTCDateTime",
    "UsedNonce",
    "utcnow",
]
