"""Checking statements and the profile itself against the ADL xAPI Profiles 1.0 rules. Pure Python.

* ``ProfileChecker(profile).validate(statement)`` follows the specification's Statement Template
  validation (Part Three §2.1): every template whose *determining properties* (verb, object
  activity type, context activity types, attachment usage types) the statement has must have all
  its rules followed. The verdict names the templates that matched, or the ones that did not and
  the rules that failed. On top of the specification, and as this tool's own policy, every
  extension a statement carries must be declared (a concept of this profile of the right kind —
  context, result or activity — or a reused concept from ``EXTERNAL_CONCEPTS``) and its value must
  fit the concept's ``inlineSchema``; an unknown extension is how drift shows first.
* ``ProfileChecker.follows(statements)`` is the Pattern validation (§2.2) for statements that
  belong together (one registration): greedy matching as in the specification's ``matches``;
  statements are taken by timestamp and, as the specification allows, any order among equal
  timestamps is tried.
* ``profile_problems(profile)`` lists what breaks the structural requirements of Part Two that can
  be checked without a JSON-LD processor: required properties, unique ids, references that exist,
  well-formed rules and patterns.

JSONPath: the specification's subset (Part Two §8.1) — ``$``, ``.name``, ``['name']`` (any
characters but a quote), ``[n]``, ``[*]``/``.*``, unions with ``,`` inside brackets, and whole
paths joined with ``|``. No filters or scripts (the specification forbids them), so a small
evaluator here does it without a dependency; ``compile_path`` refuses anything else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xapi.profile import CONFORMS_TO, CONTEXT, EXTERNAL_CONCEPTS

__all__ = [
    "ProfileChecker",
    "ProfileError",
    "RuleFailure",
    "SequenceVerdict",
    "Verdict",
    "compile_path",
    "evaluate_path",
    "profile_problems",
]


class ProfileError(ValueError):
    """The profile (or a JSONPath in it) is not something this checker can use."""


# --- JSONPath ---------------------------------------------------------------------------------

Selector = str | int | None  # a name, an index, or None for the wildcard
Step = tuple[Selector, ...]
Path = tuple[tuple[Step, ...], ...]  # alternatives joined by |, each a list of steps

_TOKEN = re.compile(r"""\s*(?:
    \.\s*(?P<dot>\*|[A-Za-z_][\w-]*)
  | \[(?P<bracket>(?:\s*(?:'[^']*'|"[^"]*"|\d+|\*)\s*,)*\s*(?:'[^']*'|"[^"]*"|\d+|\*)\s*)\]
)""", re.VERBOSE)
_BRACKET_PART = re.compile(r"""\s*('[^']*'|"[^"]*"|\d+|\*)\s*(?:,|$)""")


def compile_path(expression: str) -> Path:
    """Parse a location or selector; ProfileError for anything outside the specification's subset."""
    alternatives = []
    for part in _split_pipes(expression):
        text = part.strip()
        if not text.startswith("$"):
            raise ProfileError(f"JSONPath must start with '$': {part!r}")
        pos, steps = 1, []
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match or match.end() == pos:
                raise ProfileError(f"unsupported JSONPath at {text[pos:]!r} in {expression!r}")
            if match.group("dot") is not None:
                name = match.group("dot")
                steps.append((None,) if name == "*" else (name,))
            else:
                steps.append(tuple(_bracket_selector(p) for p in _BRACKET_PART.findall(match.group("bracket"))))
            pos = match.end()
        alternatives.append(tuple(steps))
    return tuple(alternatives)


def _split_pipes(expression: str) -> list[str]:
    """Split on | outside quotes."""
    parts, current, quote = [], [], None
    for char in expression:
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "|":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _bracket_selector(token: str) -> Selector:
    if token == "*":
        return None
    if token[0] in "'\"":
        return token[1:-1]
    return int(token)


def evaluate_path(path: Path, document: Any) -> list[Any]:
    """Every value the path finds (the specification's ``apply_jsonpath``), in document order."""
    found: list[Any] = []
    for steps in path:
        nodes = [document]
        for step in steps:
            following = []
            for node in nodes:
                for selector in step:
                    following.extend(_select(node, selector))
            nodes = following
        found.extend(nodes)
    return found


def _select(node: Any, selector: Selector) -> list[Any]:
    if selector is None:
        if isinstance(node, Mapping):
            return list(node.values())
        return list(node) if isinstance(node, list) else []
    if isinstance(selector, int):
        return [node[selector]] if isinstance(node, list) and selector < len(node) else []
    return [node[selector]] if isinstance(node, Mapping) and selector in node else []


# --- statement templates ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleFailure:
    template: str
    rule: int  # index in the template's rules
    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.template} rule {self.rule} ({self.location}): {self.reason}"


@dataclass(frozen=True)
class Verdict:
    """``success``: ``templates`` matched and were followed; ``invalid``: ``templates`` matched by
    their determining properties but ``failures`` say which rules were broken; ``unmatched``: no
    template. ``problems`` are extension problems (this tool's policy; they make a success not ok)."""

    outcome: str
    templates: tuple[str, ...]
    failures: tuple[RuleFailure, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome == "success" and not self.problems

    def explain(self) -> str:
        if self.outcome == "unmatched":
            lines = ["matches no statement template of the profile"]
        elif self.outcome == "invalid":
            lines = [f"breaks template {', '.join(self.templates)}:"] + [f"  {f}" for f in self.failures]
        else:
            lines = [f"matches {', '.join(self.templates)}"]
        return "\n".join(lines + [f"  {p}" for p in self.problems])


@dataclass(frozen=True)
class _Rule:
    index: int
    location: str
    path: Path
    selector: Path | None
    presence: str | None
    any: tuple[Any, ...] | None
    all: tuple[Any, ...] | None
    none: tuple[Any, ...] | None


@dataclass(frozen=True)
class _Template:
    id: str
    verb: str | None
    object_type: str | None
    context_types: Mapping[str, tuple[str, ...]]  # parent/grouping/category/other → types
    attachment_types: tuple[str, ...]
    rules: tuple[_Rule, ...]


_UNMATCHABLE = object()
_CONTEXT_KEYS = {"contextParentActivityType": "parent", "contextGroupingActivityType": "grouping",
                 "contextCategoryActivityType": "category", "contextOtherActivityType": "other"}
_EXTENSION_PLACES = {"ContextExtension": "context", "ResultExtension": "result", "ActivityExtension": "activity"}


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return bool(a == b)


def _contains(values: Iterable[Any], value: Any) -> bool:
    return any(_same(value, candidate) for candidate in values)


def _values(rule: Mapping[str, Any], key: str) -> tuple[Any, ...] | None:
    value = rule.get(key)
    if value is None:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


class ProfileChecker:
    """A profile compiled for checking many statements."""

    def __init__(self, profile: Mapping[str, Any]) -> None:
        self.profile = profile
        self.templates = [self._compile(t) for t in profile.get("templates", [])]
        self.patterns = {p["id"]: p for p in profile.get("patterns", [])}
        self.template_ids = {t.id for t in self.templates}
        self.extensions: dict[str, tuple[str, Any]] = {
            iri: (c.type, None) for iri, c in EXTERNAL_CONCEPTS.items() if c.type in _EXTENSION_PLACES}
        for concept in profile.get("concepts", []):
            if concept.get("type") in _EXTENSION_PLACES:
                schema = json.loads(concept["inlineSchema"]) if concept.get("inlineSchema") else None
                self.extensions[concept["id"]] = (concept["type"], schema)

    @staticmethod
    def _compile(template: Mapping[str, Any]) -> _Template:
        rules = []
        for index, rule in enumerate(template.get("rules", [])):
            rules.append(_Rule(index, rule["location"], compile_path(rule["location"]),
                               compile_path(rule["selector"]) if rule.get("selector") else None,
                               rule.get("presence"), _values(rule, "any"), _values(rule, "all"),
                               _values(rule, "none")))
        return _Template(
            template["id"], template.get("verb"), template.get("objectActivityType"),
            {place: tuple(template[key]) for key, place in _CONTEXT_KEYS.items() if template.get(key)},
            tuple(template.get("attachmentUsageType") or ()), tuple(rules))

    # -- one statement --

    def validate(self, statement: Mapping[str, Any]) -> Verdict:
        statement = _normalised(statement)
        matched, failing, failures = [], [], []
        for template in self.templates:
            if not self._determined(statement, template):
                continue
            broken = [RuleFailure(template.id, r.index, r.location, reason)
                      for r in template.rules if (reason := _broken(statement, r)) is not None]
            if broken:
                failing.append(template.id)
                failures.extend(broken)
            else:
                matched.append(template.id)
        problems = tuple(self._extension_problems(statement))
        if failing:
            return Verdict("invalid", tuple(failing), tuple(failures), problems)
        if matched:
            return Verdict("success", tuple(matched), (), problems)
        return Verdict("unmatched", (), (), problems)

    @staticmethod
    def _determined(statement: Mapping[str, Any], template: _Template) -> bool:
        if template.verb is not None and (statement.get("verb") or {}).get("id") != template.verb:
            return False
        if template.object_type is not None:
            obj = statement.get("object") or {}
            if obj.get("objectType", "Activity") != "Activity" or \
                    (obj.get("definition") or {}).get("type") != template.object_type:
                return False
        activities = (statement.get("context") or {}).get("contextActivities") or {}
        for place, types in template.context_types.items():
            present = {(a.get("definition") or {}).get("type") for a in activities.get(place, [])}
            if not set(types) <= present:
                return False
        if template.attachment_types:
            present = {a.get("usageType") for a in statement.get("attachments") or []}
            if not set(template.attachment_types) <= present:
                return False
        return True

    def _extension_problems(self, statement: Mapping[str, Any]) -> Iterable[str]:
        places = [("context", (statement.get("context") or {}).get("extensions")),
                  ("result", (statement.get("result") or {}).get("extensions"))]
        for activity in _activities(statement):
            places.append(("activity", (activity.get("definition") or {}).get("extensions")))
        for place, extensions in places:
            for key, value in (extensions or {}).items():
                declared = self.extensions.get(key)
                if declared is None:
                    yield f"{place} extension {key} is not declared in the profile"
                    continue
                kind, schema = declared
                if _EXTENSION_PLACES[kind] != place:
                    yield f"{key} is a {kind} but is used in the {place}"
                elif schema is not None and (reason := _schema_problem(value, schema)):
                    yield f"{place} extension {key}: {reason}"

    # -- statements that belong together --

    def follows(self, statements: Sequence[Mapping[str, Any]], patterns: Sequence[str] | None = None,
                max_orders: int = 720) -> SequenceVerdict:
        """Do these statements (one registration) follow a primary pattern (or one of ``patterns``)?
        ``success``, ``partial`` (a pattern was matching when the statements ran out: in progress),
        or ``failure`` (also when a statement fails its templates)."""
        verdicts = [self.validate(s) for s in statements]
        bad = [f"{s.get('id')}: {v.explain()}" for s, v in zip(statements, verdicts, strict=True) if not v.ok]
        if bad:
            return SequenceVerdict("failure", None, tuple(bad))
        chosen = list(patterns) if patterns is not None else [
            pid for pid, p in self.patterns.items() if p.get("primary")]
        keyed = sorted(((_timestamp(s), i, frozenset(v.templates)) for i, (s, v) in
                        enumerate(zip(statements, verdicts, strict=True))), key=lambda row: (row[0], row[1]))
        groups = [[row[2] for row in group] for _, group in itertools.groupby(keyed, key=lambda row: row[0])]
        orders = 1
        for group in groups:
            orders *= _factorial(len(group))
        best = SequenceVerdict("failure", None, ("no primary pattern matches the statements in timestamp order",))
        for pattern_id in chosen:
            candidates = itertools.product(*(itertools.permutations(g) for g in groups)) if orders <= max_orders \
                else [tuple(tuple(g) for g in groups)]
            for ordering in candidates:
                sequence = [templates for group in ordering for templates in group]
                outcome, rest = self._matches(sequence, 0, pattern_id)
                if outcome == "success" and rest == len(sequence):
                    return SequenceVerdict("success", pattern_id)
                if outcome == "partial" and best.outcome == "failure":
                    best = SequenceVerdict("partial", pattern_id)
        return best

    def _matches(self, seq: Sequence[frozenset[str]], i: int, element: str) -> tuple[str, int]:
        """The specification's greedy ``matches``; ``i`` is where the remaining statements start."""
        n = len(seq)
        if element in self.template_ids:
            if i == n:
                return "partial", n
            return ("success", i + 1) if element in seq[i] else ("failure", i)
        pattern = self.patterns.get(element)
        if pattern is None:
            raise ProfileError(f"unknown template or pattern {element}")
        if "sequence" in pattern:
            j = i
            for member in pattern["sequence"]:
                outcome, j = self._matches(seq, j, member)
                if outcome == "failure":
                    return "failure", i
                if outcome == "partial":
                    return "partial", n
            return "success", j
        if "alternates" in pattern:
            result, best = "failure", i
            for member in pattern["alternates"]:
                outcome, j = self._matches(seq, i, member)
                if outcome == "success":
                    result = "success"
                    best = max(best, j)
                if outcome == "partial" and result == "failure":
                    result = "partial"
            return ("partial", n) if result == "partial" else (result, best)
        if "oneOrMore" in pattern:
            result, last = "failure", i
            while True:
                outcome, j = self._matches(seq, last, pattern["oneOrMore"])
                if outcome == "success":
                    result = "success"
                elif result == "failure" and outcome == "partial":
                    return "partial", n
                else:
                    if outcome == "partial" and last != n:
                        return "partial", last
                    return result, last
                if j == last:
                    return "success", j
                last = j
        if "zeroOrMore" in pattern:
            last = i
            while True:
                outcome, j = self._matches(seq, last, pattern["zeroOrMore"])
                if outcome == "failure":
                    return "success", last
                if outcome == "partial" and j != n:
                    return "partial", j
                if j == last:
                    return "success", j
                last = j
        if "optional" in pattern:
            if i == n:
                return "success", n
            outcome, j = self._matches(seq, i, pattern["optional"])
            return (outcome, j) if outcome in ("success", "partial") else ("success", i)
        raise ProfileError(f"pattern {element} has no members")


@dataclass(frozen=True)
class SequenceVerdict:
    outcome: str  # success, partial, failure
    pattern: str | None
    problems: tuple[str, ...] = field(default=())


def _factorial(n: int) -> int:
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def _timestamp(statement: Mapping[str, Any]) -> dt.datetime:
    text = statement.get("timestamp") or statement.get("stored") or ""
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _normalised(statement: Mapping[str, Any]) -> Mapping[str, Any]:
    """Context activities as arrays (the normalisation xAPI requires before rules are applied)."""
    activities = (statement.get("context") or {}).get("contextActivities")
    if not activities or all(isinstance(value, list) for value in activities.values()):
        return statement
    copy = json.loads(json.dumps(statement))
    copy["context"]["contextActivities"] = {k: (val if isinstance(val, list) else [val])
                                            for k, val in activities.items()}
    return copy


def _activities(statement: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    obj = statement.get("object") or {}
    if obj.get("objectType", "Activity") == "Activity":
        yield obj
    for group in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        yield from group


def _broken(statement: Mapping[str, Any], rule: _Rule) -> str | None:
    """Why the statement breaks the rule (the specification's ``follows_rule``), or None."""
    values: list[Any] = evaluate_path(rule.path, statement)
    if rule.selector is not None:
        selected: list[Any] = []
        for value in values:
            found = evaluate_path(rule.selector, value)
            selected.extend(found or [_UNMATCHABLE])
        values = selected
    matchable = [value for value in values if value is not _UNMATCHABLE]
    unmatchable = len(matchable) != len(values)
    strict = True
    if rule.presence == "included":
        if unmatchable:
            return "a selector found nothing (included)"
        if not values:
            return "missing (included)"
    elif rule.presence == "excluded":
        if matchable:
            return f"present but excluded: {_show(matchable)}"
    elif rule.presence == "recommended":
        strict = False
    if not strict and not values:
        return None
    if rule.any is not None and not any(_contains(rule.any, value) for value in matchable):
        return f"none of {_show(list(rule.any))} among {_show(matchable)}"
    if rule.all is not None:
        if unmatchable:
            return "a selector found nothing (all)"
        outside = [value for value in matchable if not _contains(rule.all, value)]
        if outside:
            return f"{_show(outside)} not in {_show(list(rule.all))}"
    if rule.none is not None:
        forbidden = [value for value in matchable if _contains(rule.none, value)]
        if forbidden:
            return f"{_show(forbidden)} is not allowed"
    return None


def _show(values: list[Any]) -> str:
    text = json.dumps(values, ensure_ascii=False, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


_JSON_TYPES: Mapping[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "number": (int, float), "object": (dict,),
    "array": (list,), "null": (type(None),),
}


def _schema_problem(value: Any, schema: Mapping[str, Any]) -> str | None:
    """The few JSON Schema keywords the profile's inline schemas use: type, enum, minimum, minLength,
    format date-time."""
    kind = schema.get("type")
    if kind is not None:
        expected = _JSON_TYPES[kind]
        if not isinstance(value, expected) or (kind in ("integer", "number") and isinstance(value, bool)):
            return f"{_show([value])} is not of type {kind}"
    if "enum" in schema and not _contains(schema["enum"], value):
        return f"{_show([value])} is not one of {_show(schema['enum'])}"
    if "minimum" in schema and isinstance(value, int | float) and value < schema["minimum"]:
        return f"{value} is below {schema['minimum']}"
    if "maximum" in schema and isinstance(value, int | float) and value > schema["maximum"]:
        return f"{value} is above {schema['maximum']}"
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        return "is too short"
    if schema.get("format") == "date-time" and isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date-time"
        if parsed.tzinfo is None:
            return f"{value!r} has no time zone"
    return None


# --- the profile's own structure --------------------------------------------------------------

_CONCEPT_TYPES = {"Verb", "ActivityType", "AttachmentUsageType", "ContextExtension", "ResultExtension",
                  "ActivityExtension", "StateResource", "AgentProfileResource", "ActivityProfileResource", "Activity"}
_PATTERN_KINDS = ("alternates", "optional", "oneOrMore", "sequence", "zeroOrMore")
_RELATIONS = ("broader", "narrower", "related")
_EXTENSION_LOCATION = re.compile(r"\$\.(context|result|object\.definition)\.extensions\['([^']+)'\]")


def profile_problems(profile: Mapping[str, Any]) -> list[str]:
    """Structural requirements of the specification (Part Two) that a program can check."""
    problems: list[str] = []
    problems += _empty_values(profile, "$")
    for key in ("id", "@context", "type", "conformsTo", "prefLabel", "definition", "versions", "author"):
        if key not in profile:
            problems.append(f"profile: {key} is required")
    context = profile.get("@context")
    if context != CONTEXT and not (isinstance(context, list) and CONTEXT in context):
        problems.append(f"profile: @context must be (or contain) {CONTEXT}")
    if profile.get("type") != "Profile":
        problems.append("profile: type must be Profile")
    if profile.get("conformsTo") != CONFORMS_TO:
        problems.append(f"profile: conformsTo should be {CONFORMS_TO}")
    author = profile.get("author") or {}
    if author.get("type") not in ("Organization", "Person") or not author.get("name"):
        problems.append("profile: author needs type Organization or Person and a name")

    versions = [ver.get("id") for ver in profile.get("versions") or []]
    for ver in profile.get("versions") or []:
        if not ver.get("id") or not ver.get("generatedAtTime"):
            problems.append(f"version {ver.get('id')}: id and generatedAtTime are required")
        for earlier in ver.get("wasRevisionOf") or []:
            if earlier not in versions:
                problems.append(f"version {ver.get('id')}: wasRevisionOf {earlier} is not a listed version")
    if profile.get("id") in versions:
        problems.append("profile: a version id must differ from the profile id")

    concepts = profile.get("concepts") or []
    templates = profile.get("templates") or []
    patterns = profile.get("patterns") or []
    seen: set[str] = set()
    for thing in [{"id": profile.get("id")}, *[{"id": ver} for ver in versions], *concepts, *templates, *patterns]:
        ident = thing.get("id")
        if not ident:
            problems.append(f"an object without id: {_show([thing])}")
        elif ident in seen:
            problems.append(f"id {ident} is used twice")
        else:
            seen.add(ident)

    types = {c["id"]: c.get("type") for c in concepts if c.get("id")}
    known = dict(types)
    known.update({iri: ext.type for iri, ext in EXTERNAL_CONCEPTS.items()})

    def needs(owner: str, iri: Any, kind: str) -> None:
        if known.get(iri) != kind:
            problems.append(f"{owner}: {iri} is not a {kind} concept of this profile or a known reused one")

    def in_scheme(owner: str, thing: Mapping[str, Any], required: bool = True) -> None:
        if thing.get("inScheme") is None:
            if required:
                problems.append(f"{owner}: inScheme is required")
        elif thing["inScheme"] not in versions:
            problems.append(f"{owner}: inScheme {thing['inScheme']} is not a version of this profile")

    for concept in concepts:
        owner = f"concept {concept.get('id')}"
        kind = concept.get("type")
        if kind not in _CONCEPT_TYPES:
            problems.append(f"{owner}: unknown concept type {kind}")
            continue
        if concept.get("id") in EXTERNAL_CONCEPTS:
            problems.append(f"{owner}: defined by {EXTERNAL_CONCEPTS[concept['id']].source}; do not redefine it")
        in_scheme(owner, concept)
        if kind != "Activity":
            for key in ("prefLabel", "definition"):
                if key not in concept:
                    problems.append(f"{owner}: {key} is required")
        for relation in _RELATIONS:
            for target in concept.get(relation) or []:
                if types.get(target) != kind:
                    problems.append(f"{owner}: {relation} {target} is not a {kind} of this profile")
        if kind in _EXTENSION_PLACES:
            if "schema" in concept and "inlineSchema" in concept:
                problems.append(f"{owner}: use at most one of schema and inlineSchema")
            if "inlineSchema" in concept:
                try:
                    json.loads(concept["inlineSchema"])
                except (TypeError, ValueError):
                    problems.append(f"{owner}: inlineSchema is not JSON")
            if "recommendedVerbs" in concept:
                if kind == "ActivityExtension":
                    problems.append(f"{owner}: recommendedVerbs is not allowed on an ActivityExtension")
                for verb in concept["recommendedVerbs"]:
                    needs(owner, verb, "Verb")
            if "recommendedActivityTypes" in concept:
                if kind != "ActivityExtension":
                    problems.append(f"{owner}: recommendedActivityTypes is only allowed on an ActivityExtension")
                for activity_type in concept["recommendedActivityTypes"]:
                    needs(owner, activity_type, "ActivityType")

    template_ids = {t.get("id") for t in templates}
    used_extensions: set[str] = set()
    for template in templates:
        owner = f"template {template.get('id')}"
        if template.get("type") != "StatementTemplate":
            problems.append(f"{owner}: type must be StatementTemplate")
        in_scheme(owner, template)
        for key in ("prefLabel", "definition"):
            if key not in template:
                problems.append(f"{owner}: {key} is required")
        if "objectStatementRefTemplate" in template and "objectActivityType" in template:
            problems.append(f"{owner}: objectStatementRefTemplate and objectActivityType exclude each other")
        if "verb" in template:
            needs(owner, template["verb"], "Verb")
        if "objectActivityType" in template:
            needs(owner, template["objectActivityType"], "ActivityType")
        for key in _CONTEXT_KEYS:
            for activity_type in template.get(key) or []:
                needs(owner, activity_type, "ActivityType")
        for usage in template.get("attachmentUsageType") or []:
            needs(owner, usage, "AttachmentUsageType")
        for key in ("objectStatementRefTemplate", "contextStatementRefTemplate"):
            for ref in template.get(key) or []:
                if ref not in template_ids:
                    problems.append(f"{owner}: {key} {ref} is not a template of this profile")
        for index, rule in enumerate(template.get("rules") or []):
            where = f"{owner} rule {index}"
            if "location" not in rule:
                problems.append(f"{where}: location is required")
                continue
            if not any(key in rule for key in ("presence", "any", "all", "none")):
                problems.append(f"{where}: needs presence, any, all or none")
            if rule.get("presence") not in (None, "included", "excluded", "recommended"):
                problems.append(f"{where}: presence {rule['presence']!r} is not included/excluded/recommended")
            for key in ("any", "all", "none"):
                if key in rule and not isinstance(rule[key], list):
                    problems.append(f"{where}: {key} must be an array")
            for key in ("location", "selector"):
                if key in rule:
                    try:
                        compile_path(rule[key])
                    except ProfileError as exc:
                        problems.append(f"{where}: {exc}")
            for place, iri in _EXTENSION_LOCATION.findall(rule["location"]):
                used_extensions.add(iri)
                kind = {"context": "ContextExtension", "result": "ResultExtension",
                        "object.definition": "ActivityExtension"}[place]
                if known.get(iri) not in _EXTENSION_PLACES:
                    problems.append(f"{where}: extension {iri} is not declared")
                elif known[iri] != kind and rule.get("presence") != "excluded":
                    problems.append(f"{where}: {iri} is a {known[iri]}, not a {kind}")
    for concept in concepts:
        if concept.get("type") in _EXTENSION_PLACES and concept.get("id") not in used_extensions:
            problems.append(f"concept {concept.get('id')}: no template says where it goes")

    pattern_ids = {p.get("id") for p in patterns}
    members_of: dict[str, list[str]] = {}
    used: dict[str, int] = {}
    for pattern in patterns:
        owner = f"pattern {pattern.get('id')}"
        if pattern.get("type") != "Pattern":
            problems.append(f"{owner}: type must be Pattern")
        in_scheme(owner, pattern, required=False)
        kinds = [k for k in _PATTERN_KINDS if k in pattern]
        if len(kinds) != 1:
            problems.append(f"{owner}: needs exactly one of {', '.join(_PATTERN_KINDS)}")
            continue
        if pattern.get("primary") and not (pattern.get("prefLabel") and pattern.get("definition")):
            problems.append(f"{owner}: a primary pattern needs prefLabel and definition")
        kind = kinds[0]
        members = pattern[kind] if isinstance(pattern[kind], list) else [pattern[kind]]
        if kind in ("alternates", "sequence") and not isinstance(pattern[kind], list):
            problems.append(f"{owner}: {kind} must be an array")
        if kind not in ("alternates", "sequence") and isinstance(pattern[kind], list):
            problems.append(f"{owner}: {kind} must be a single identifier")
        members_of[pattern["id"]] = members
        for member in members:
            used[member] = used.get(member, 0) + 1
            if member not in template_ids and member not in pattern_ids:
                problems.append(f"{owner}: {member} is neither a template nor a pattern of this profile")
        if kind == "alternates":
            if len(members) < 2:
                problems.append(f"{owner}: alternates needs at least two members")
            for member in members:
                inner = next((p for p in patterns if p.get("id") == member), None)
                if inner is not None and ("optional" in inner or "zeroOrMore" in inner):
                    problems.append(f"{owner}: optional or zeroOrMore directly inside alternates ({member})")
    for pattern in patterns:
        members = members_of.get(pattern.get("id"), [])
        if "sequence" in pattern and len(members) < 2 and not (
                pattern.get("primary") and used.get(pattern["id"], 0) == 0 and members[0] in template_ids):
            problems.append(f"pattern {pattern.get('id')}: a sequence needs at least two members")
        if _reaches(pattern["id"], pattern["id"], members_of, set()):
            problems.append(f"pattern {pattern.get('id')}: contains itself")
    return problems


def _reaches(start: str, target: str, members_of: Mapping[str, list[str]], visited: set[str]) -> bool:
    for member in members_of.get(start, []):
        if member == target:
            return True
        if member not in visited:
            visited.add(member)
            if _reaches(member, target, members_of, visited):
                return True
    return False


def _empty_values(value: Any, where: str) -> list[str]:
    """Values in a profile must not be empty objects, null, empty strings or empty arrays."""
    if value is None or value == "" or value == [] or value == {}:
        return [f"{where}: empty value"]
    problems = []
    if isinstance(value, Mapping):
        for key, inner in value.items():
            problems += _empty_values(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            problems += _empty_values(inner, f"{where}[{index}]")
    return problems
