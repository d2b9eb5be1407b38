"""The role matrix: which AI-diploma level a person needs, and by when.

A matrix is a list of rules ``function group × risk class → level + deadline``, versioned with the date it
takes effect (``config/role_matrix.yaml`` holds the default for Voorbeeld Groep).

Rules, in the order they are applied:

1. **Matching.** A rule matches a person when every field it sets (``function_group``, ``risk_class``) equals the
   person's value, compared case-insensitively after trimming. A field left empty (``None``) matches anything,
   so a rule with neither field set applies to everybody. A person whose value is unknown (``None``) is not
   matched by a rule that sets that field.
2. **Precedence.** When several rules match, the one with the **highest** required level wins (a higher level
   counts for a lower one, so the strictest requirement is the one that matters). Among rules with that level,
   the one giving the **earliest personal deadline** wins (then the earliest rule in the file).
3. **Deadline.** A person's deadline is ``max(rule deadline, hire_date + onboarding_months)``: somebody hired
   late gets the rule's onboarding term (inwerktermijn) to reach the level. Without a known hire date the rule
   deadline applies. Months are calendar months; day 31 + 1 month becomes the last day of the shorter month.
4. **Versions.** The version in force on a day is the one with the latest ``effective_from`` on or before that
   day (on a tie, the highest ``version``). Before the first version, nobody has a requirement.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from .errors import ProblemsError
from .months import add_months
from .problems import Place, Problem, place

#: The ranks of the levels in ``config/competences.yaml``; callers normally pass the loaded model's ranks.
DEFAULT_LEVEL_RANKS: Mapping[str, int] = {"basic": 1, "advanced": 2, "expert": 3}

_RULE_KEYS = {"function_group", "risk_class", "level", "deadline", "onboarding_months"}
_MATRIX = place("role_matrix")
_MATRIX_KEYS = {"version", "effective_from", "rules", "function_groups", "risk_classes", "defaults", "description"}


class MatrixError(ProblemsError):
    """The role matrix is not valid. ``problems`` lists every problem found (also joined in the message)."""


class MatchablePerson(Protocol):
    """What the matrix reads from a person (``coverage.PersonRecord`` fits)."""

    @property
    def function_group(self) -> str | None: ...
    @property
    def risk_class(self) -> str | None: ...
    @property
    def hire_date(self) -> dt.date | None: ...


@dataclass(frozen=True)
class MatrixRule:
    function_group: str | None
    risk_class: str | None
    level: str
    deadline: dt.date
    onboarding_months: int = 3

    def matches(self, person: MatchablePerson) -> bool:
        return _field_matches(self.function_group, person.function_group) and _field_matches(
            self.risk_class, person.risk_class
        )

    def deadline_for(self, hire_date: dt.date | None) -> dt.date:
        if hire_date is None:
            return self.deadline
        return max(self.deadline, add_months(hire_date, self.onboarding_months))


@dataclass(frozen=True)
class RoleMatrix:
    version: int
    effective_from: dt.date
    rules: tuple[MatrixRule, ...]
    #: the declared vocabularies (casefolded), None where the matrix declares none: HR data is checked against them
    function_groups: frozenset[str] | None = None
    risk_classes: frozenset[str] | None = None


@dataclass(frozen=True)
class Requirement:
    level: str
    deadline: dt.date
    rank: int = 0  # rank of ``level``; filled in by ``requirement``
    rule: MatrixRule | None = None  # the rule that decided, for explaining the requirement to the person


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    value = str(value).strip().casefold()
    return value or None


def _field_matches(rule_value: str | None, person_value: str | None) -> bool:
    rule_value = _norm(rule_value)
    return rule_value is None or rule_value == _norm(person_value)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(f"not a date: {value!r}")


def _optional_name(value: Any, where: Place, field: str, errors: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        errors.append(Problem("matrix.name_text", where, field=field))
        return None
    return value.strip()


def _required_date(value: Any, where: Place, field: str, errors: list[Problem]) -> dt.date:
    """``value`` as a date; ``date.min`` (with a problem noted) when it is missing or not a date."""
    if value is None:
        errors.append(Problem("matrix.field_missing", where, field=field))
        return dt.date.min
    try:
        return _as_date(value)
    except ValueError:
        errors.append(Problem("matrix.not_a_date", where, field=field, value=value))
        return dt.date.min


def _parse_version(raw_version: Any, errors: list[Problem]) -> int:
    if raw_version is None:
        errors.append(Problem("matrix.version_missing", _MATRIX))
        return 0
    version = 0
    try:
        version = int(raw_version)
        if isinstance(raw_version, bool) or version < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.append(Problem("matrix.version_number", _MATRIX, value=raw_version))
    return version


def _declared_values(data: Mapping[str, Any], errors: list[Problem]) -> dict[str, set[str] | None]:
    """The normalised ``function_groups`` and ``risk_classes`` lists; ``None`` where not declared (or invalid)."""
    declared: dict[str, set[str] | None] = {}
    for field in ("function_groups", "risk_classes"):
        values = data.get(field)
        if values is None:
            declared[field] = None
        elif isinstance(values, list) and all(isinstance(v, str) for v in values):
            declared[field] = {n for v in values if (n := _norm(v)) is not None}
        else:
            errors.append(Problem("matrix.list_of_texts", _MATRIX, field=field))
            declared[field] = None
    return declared


def _default_onboarding_months(data: Mapping[str, Any], errors: list[Problem]) -> Any:
    """``defaults.onboarding_months`` as written (each rule checks the value it ends up with), else 3."""
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        errors.append(Problem("matrix.defaults_mapping", _MATRIX))
        return 3
    return defaults.get("onboarding_months", 3)


def _parse_rule(
    raw: Mapping[str, Any],
    where: Place,
    levels: set[str],
    declared: Mapping[str, set[str] | None],
    default_months: Any,
    errors: list[Problem],
) -> MatrixRule:
    """One rule; problems are added to ``errors`` and the rule is built with placeholders where needed."""
    extra = sorted(set(raw) - _RULE_KEYS)
    if extra:
        errors.append(Problem("matrix.unknown_keys", where, keys=extra))
    group = _optional_name(raw.get("function_group"), where, "function_group", errors)
    risk = _optional_name(raw.get("risk_class"), where, "risk_class", errors)
    for field, value in (("function_groups", group), ("risk_classes", risk)):
        allowed = declared[field]
        if value is not None and allowed is not None and _norm(value) not in allowed:
            errors.append(Problem("matrix.not_declared", where, value=value, field=field))
    level = raw.get("level")
    if not level:
        errors.append(Problem("matrix.level_missing", where))
    elif level not in levels:
        errors.append(Problem("matrix.unknown_level", where, level=level, known=sorted(levels)))
    deadline = _required_date(raw.get("deadline"), where, "deadline", errors)
    months = raw.get("onboarding_months", default_months)
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        errors.append(Problem("matrix.onboarding_months", where, value=months))
        months = 0
    return MatrixRule(group, risk, str(level or ""), deadline, months)


def _parse_rules(
    raw_rules: Any,
    levels: set[str],
    declared: Mapping[str, set[str] | None],
    default_months: Any,
    errors: list[Problem],
) -> list[MatrixRule]:
    """Every rule in file order; two rules for the same function group and risk class are a problem."""
    if not isinstance(raw_rules, list) or not raw_rules:
        errors.append(Problem("matrix.rules_list", _MATRIX))
        return []
    rules: list[MatrixRule] = []
    seen: dict[tuple[str | None, str | None], int] = {}
    for number, raw in enumerate(raw_rules, start=1):
        where = place("matrix_rule", n=number)
        if not isinstance(raw, Mapping):
            errors.append(Problem("matrix.mapping", where))
            continue
        rule = _parse_rule(raw, where, levels, declared, default_months, errors)
        key = (_norm(rule.function_group), _norm(rule.risk_class))
        if key in seen:
            errors.append(Problem("matrix.same_rule", where, other=seen[key]))
        else:
            seen[key] = number
        rules.append(rule)
    return rules


def parse_matrix(data: Mapping[str, Any], level_keys: Iterable[str] | Mapping[str, int]) -> RoleMatrix:
    """Build one matrix version from its YAML/dict form; raises ``MatrixError`` listing every problem.

    ``level_keys`` are the known level keys (a mapping of key → rank works too). Optional top-level lists
    ``function_groups`` and ``risk_classes`` declare the allowed values; when present, rules must use them.
    ``defaults: {onboarding_months: n}`` sets the onboarding term of rules that do not give one.
    """
    if not isinstance(data, Mapping):
        raise MatrixError([Problem("matrix.mapping", _MATRIX)])
    errors: list[Problem] = []
    unknown = sorted(set(data) - _MATRIX_KEYS)
    if unknown:
        errors.append(Problem("matrix.unknown_keys", _MATRIX, keys=unknown))
    version = _parse_version(data.get("version"), errors)
    effective_from = _required_date(data.get("effective_from"), _MATRIX, "effective_from", errors)
    declared = _declared_values(data, errors)
    default_months = _default_onboarding_months(data, errors)
    rules = _parse_rules(data.get("rules"), set(level_keys), declared, default_months, errors)
    if errors:
        raise MatrixError(errors)
    groups, risks = declared["function_groups"], declared["risk_classes"]
    return RoleMatrix(version, effective_from, tuple(rules), None if groups is None else frozenset(groups),
                      None if risks is None else frozenset(risks))


def parse_matrix_versions(
    data: Mapping[str, Any] | Sequence[Mapping[str, Any]], level_keys: Iterable[str] | Mapping[str, int]
) -> list[RoleMatrix]:
    """One version (a mapping), ``{versions: [...]}`` or a list of versions; sorted by effective date."""
    if isinstance(data, Mapping) and "versions" in data:
        data = data["versions"]
    raw_versions = [data] if isinstance(data, Mapping) else list(data)
    levels = list(level_keys)
    matrices: list[RoleMatrix] = []
    problems: list[Problem] = []
    for raw in raw_versions:
        try:
            matrices.append(parse_matrix(raw, levels))
        except MatrixError as exc:
            where = raw.get("version", "?") if isinstance(raw, Mapping) else "?"
            problems.extend(_within_version(p, where) for p in exc.problems)
    numbers = [m.version for m in matrices]
    problems.extend(Problem("matrix.version_twice", n=n) for n in sorted({n for n in numbers if numbers.count(n) > 1}))
    if problems:
        raise MatrixError(problems)
    return sorted(matrices, key=lambda m: (m.effective_from, m.version))


def _within_version(problem: str, version: object) -> Problem:
    return (problem if isinstance(problem, Problem) else Problem("text", text=problem)).within("matrix_version",
                                                                                                n=version)


def load_role_matrices(path: Path, level_keys: Iterable[str] | Mapping[str, int]) -> list[RoleMatrix]:
    """Read ``config/role_matrix.yaml`` (or another file in the same form)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise MatrixError([Problem("matrix.yaml", place("file", file=path.name), error=exc)]) from exc
    return parse_matrix_versions(data, level_keys)


def matrix_as_of(versions: Sequence[RoleMatrix] | RoleMatrix, day: dt.date) -> RoleMatrix | None:
    """The version in force on ``day``: latest ``effective_from`` ≤ day (tie: highest version number)."""
    if isinstance(versions, RoleMatrix):
        versions = [versions]
    in_force = [m for m in versions if m.effective_from <= day]
    return max(in_force, key=lambda m: (m.effective_from, m.version), default=None)


def _matching(matrix: RoleMatrix, function_group: str | None, risk_class: str | None
              ) -> tuple[tuple[int, MatrixRule], ...]:
    """The rules (with their index) that match a function group and risk class: the same for
    everyone in that pair, so reports over 10⁵ people match each pair once (cached on the matrix)."""
    cache: dict[tuple[str | None, str | None], tuple[tuple[int, MatrixRule], ...]] | None = getattr(
        matrix, "_pair_cache", None)
    if cache is None:
        cache = {}
        object.__setattr__(matrix, "_pair_cache", cache)  # a frozen dataclass: cache, not state
    pair = (function_group, risk_class)
    found = cache.get(pair)
    if found is None:
        probe = _Probe(function_group, risk_class)
        found = cache[pair] = tuple((index, rule) for index, rule in enumerate(matrix.rules) if rule.matches(probe))
    return found


@dataclass(frozen=True)
class _Probe:
    function_group: str | None
    risk_class: str | None
    hire_date: dt.date | None = None


@functools.lru_cache(maxsize=65536)
def _deadline(rule: MatrixRule, hire_date: dt.date | None) -> dt.date:
    return rule.deadline_for(hire_date)


def requirement(
    matrix: RoleMatrix | None, person: MatchablePerson, level_ranks: Mapping[str, int] = DEFAULT_LEVEL_RANKS
) -> Requirement | None:
    """The level ``person`` needs under ``matrix`` and the deadline to reach it (rules: see module docstring)."""
    if matrix is None:
        return None
    candidates = _matching(matrix, person.function_group, person.risk_class)
    if not candidates:
        return None
    top = max(level_ranks[rule.level] for _index, rule in candidates)
    best = [(index, rule) for index, rule in candidates if level_ranks[rule.level] == top]
    if len(best) == 1:  # the usual case: one rule at the highest level decides
        rule = best[0][1]
        return Requirement(rule.level, _deadline(rule, person.hire_date), top, rule)
    deadline, _index, rule = min((_deadline(rule, person.hire_date), index, rule) for index, rule in best)
    return Requirement(rule.level, deadline, top, rule)
