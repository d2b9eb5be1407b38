"""The interface every item type provides (after Moodle's question type interface)."""

from __future__ import annotations

import hashlib
import html
import itertools
import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from ..errors import InvalidResponse
from ..problems import Place, Problem
from ..text import missing_languages
from .codec import ItemCodec
from .finding import Finding

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class ItemType(Protocol):
    key: ClassVar[str]
    #: the xAPI ``interactionType`` of statements about this item
    interaction_type: ClassVar[str]
    #: the type's import and export in QTI, GIFT, CSV/XLSX and the authoring form
    codec: ClassVar[ItemCodec]
    #: what a response is, for the cue-only strategies: 'one' option, 'many' options, 'judge' a statement,
    #: 'order' the options, 'match' pairs, or 'open' (typed)
    answer_shape: ClassVar[str]

    def check(self, content: Mapping[str, Any]) -> list[str]:
        """Authoring errors in ``content`` (empty when the item is usable)."""

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        """Item-writing findings of this type (cues a test-wise candidate could use): warnings and problems,
        never errors (see ``assessments.item_checks``)."""

    def chance(self, content: Mapping[str, Any]) -> float:
        """The expected grade of a uniformly random valid response (0.0 for typed answers)."""

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """The per-attempt layout of the item (option order, and the opaque ids the form shows for its
        components), stored with the attempt."""

    def read_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        """Submitted form values (this attempt's opaque ids) as the authored values ``parse_response``
        reads; raise InvalidResponse for an id the attempt did not show."""

    def form_values(self, layout: Mapping[str, Any], response: Sequence[str]) -> list[str]:
        """A response (authored keys) as this attempt's form would submit it: the inverse of ``read_form``."""

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        """Turn submitted form values into a normalised response, or raise InvalidResponse."""

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        """The fraction of the item's marks this response earns, 0.0–1.0."""

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        """A response that earns full marks."""

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """Interaction components for the xAPI activity definition (choices, the correct pattern).
        Component ids and their order must not show the answer: the pattern is sent only once the
        attempt is judged."""

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        """``result.response`` in xAPI's format for this interaction type."""

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """The given answer as plain text in ``locale`` ('' when not answered), e.g. for the result page."""


def plain_text(text: str) -> str:
    """Authored (possibly HTML) text as one line of plain text: tags removed, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text or ""))).strip()


#: keys of options, pairs and steps: safe inside xAPI patterns (``[,]``, ``[.]``) and form values (``=``)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def missing_text(code: str, text: object, where: Place | None = None) -> list[str]:
    """A problem ``code`` for each language ``text`` lacks (``Problem(code, lang=...)``)."""
    return [Problem(code, where, lang=lang) for lang in missing_languages(text)]


#: the longest text an item may hold in one place and language (a stem with its HTML, an option, a rationale)
TEXT_MAX = 10_000


def overlong_texts(record: Mapping[str, Any], where: Place | None = None) -> list[Problem]:
    """A problem for each text in the item longer than ``TEXT_MAX`` (any field, any type: stems, options,
    pairs, rationales), naming the field and language."""
    found: list[Problem] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            if len(value) > TEXT_MAX:
                field, _dot, lang = path.rpartition(".")
                found.append(Problem("item.text_too_long", where, field=field if lang in ("nl", "en") else path,
                                     lang=lang.upper() if lang in ("nl", "en") else "–", length=len(value),
                                     max=TEXT_MAX))
        elif isinstance(value, Mapping):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list | tuple):
            for index, inner in enumerate(value, start=1):
                walk(inner, f"{path} {index}")

    walk(record, "")
    return found


def bad_keys(keys: Sequence[str]) -> list[Problem]:
    """Authoring errors about a list of component keys: format and uniqueness."""
    errors = [Problem("item.key_characters", key=k) for k in keys
              if not KEY_PATTERN.fullmatch(k)]
    if len(set(keys)) != len(keys):
        errors.append(Problem("item.keys_repeat"))
    return errors


# --- the answer key stays on the server ----------------------------------------------------------
# The browser never sees authored keys: each component (option, step, left or right item) is shown
# under an opaque id drawn per attempt and kept in the attempt's layout, and form values are mapped
# back to authored keys before ``parse_response``. Layouts stored before opaque ids existed have no
# id maps: their form values are the authored keys, as they always were.


def opaque_ids(rng: random.Random, keys: Sequence[str]) -> dict[str, str]:
    """A random id (16 hex digits, unique within the map) for each authored key."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        oid = f"{rng.getrandbits(64):016x}"
        while oid in taken:
            oid = f"{rng.getrandbits(64):016x}"
        taken.add(oid)
        ids[key] = oid
    return ids


def from_form(ids: Mapping[str, str] | None, value: str, unknown: str = "response.unknown_option") -> str:
    """The authored key of one form value ('' stays ''); an id the attempt did not show is refused
    with the type's own problem code for an unknown component (``unknown``)."""
    if ids is None or not value:
        return value
    for key, oid in ids.items():
        if oid == value:
            return key
    raise InvalidResponse(Problem(unknown, value=value[:64]))


def to_form(ids: Mapping[str, str] | None, key: str) -> str:
    """The form value of one authored key in this attempt (the key itself in old layouts)."""
    return ids.get(key, key) if ids is not None else key


def xapi_id(content: Mapping[str, Any], side: str, key: str) -> str:
    """A component id for xAPI that is stable per item and key but does not show the authored key
    (which for steps and pairs is the answer): ``side`` is 'choice', 'source' or 'target'."""
    digest = hashlib.sha256(f"{content.get('key')}\0{side}\0{key}".encode()).hexdigest()
    return f"{side[0]}{digest[:11]}"


def permutation_mean(keys: Sequence[str], grade: Callable[[list[str]], float], limit: int = 5040) -> float:
    """The mean grade over every order of ``keys`` (a seeded sample of ``limit`` orders when there are more)."""
    if not keys:
        return 0.0
    if len(keys) <= 7:
        orders = [list(p) for p in itertools.permutations(keys)]
    else:
        rng = random.Random(0)
        orders = [rng.sample(list(keys), len(keys)) for _ in range(limit)]
    return sum(grade(order) for order in orders) / len(orders)
