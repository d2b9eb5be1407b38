"""The organisation's policy register and what the assessment says about each clause.

A policy (information security, privacy, code of conduct, AI and tool policy, …) has versions with an
effective date; each version has named clauses (``INFOSEC-4.2``). Competences and items refer to
clauses by key (``policy_refs``). Pure functions here answer:

- is a policy version well formed (``parse_policy``; all problems at once, with where they are);
- which clauses changed between two versions (``clause_changes``: text or title changed, added, removed);
- which competences and items assess each clause, and which clauses nothing assesses (``clause_coverage``);
- which references point at no clause (``unknown_references``);
- which items a change touches (``items_touched``): they must be reviewed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ProblemsError
from .problems import Problem, place
from .text import LocalizedText, missing_languages

_KEY = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CLAUSE_KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[0-9A-Za-z.]+$")
_POLICY_FIELDS = {"key", "title", "version", "effective_from", "owner", "clauses"}


class PolicyError(ProblemsError):
    """A policy version is not valid; ``problems`` lists every problem found."""


@dataclass(frozen=True)
class Clause:
    key: str
    title: LocalizedText
    text: LocalizedText

    def same_as(self, other: Clause) -> bool:
        """Same wording in every language (white space ignored)."""
        def norm(t: LocalizedText) -> dict[str, str]:
            return {k: " ".join(str(v).split()) for k, v in t.items()}
        return norm(self.title) == norm(other.title) and norm(self.text) == norm(other.text)


@dataclass(frozen=True)
class PolicyVersion:
    key: str
    title: LocalizedText
    version: str
    effective_from: dt.date
    owner: LocalizedText
    clauses: tuple[Clause, ...]

    def clause(self, key: str) -> Clause | None:
        return next((c for c in self.clauses if c.key == key), None)


def parse_policy(raw: Any) -> PolicyVersion:
    """One policy version from its YAML form; raises ``PolicyError`` listing every problem."""
    if not isinstance(raw, Mapping):
        raise PolicyError([Problem("policy.mapping")])
    problems: list[Problem] = []
    key = str(raw.get("key") or "").strip()
    where = place("policy", key=key or "?")
    if not _KEY.match(key):
        problems.append(Problem("policy.key", where))
    unknown = sorted(set(raw) - _POLICY_FIELDS)
    if unknown:
        problems.append(Problem("plan.unknown_fields", where, fields=unknown, allowed=sorted(_POLICY_FIELDS)))
    problems.extend(Problem("policy.title_language", where, lang=lang) for lang in missing_languages(raw.get("title")))
    version = str(raw.get("version") or "").strip()
    if not version:
        problems.append(Problem("policy.version", where))
    effective = raw.get("effective_from")
    day = dt.date.min
    try:
        day = effective if isinstance(effective, dt.date) else dt.date.fromisoformat(str(effective).strip())
    except ValueError:
        problems.append(Problem("policy.effective_from", where, value=effective))
    clauses: list[Clause] = []
    raw_clauses = raw.get("clauses")
    if not isinstance(raw_clauses, list) or not raw_clauses:
        problems.append(Problem("policy.clauses", where))
        raw_clauses = []
    seen: set[str] = set()
    for n, item in enumerate(raw_clauses, start=1):
        if not isinstance(item, Mapping):
            problems.append(Problem("policy.clause_mapping", place("policy_clause", policy=key or "?", clause=n)))
            continue
        ckey = str(item.get("key") or "").strip()
        cwhere = place("policy_clause", policy=key or "?", clause=ckey or n)
        if not _CLAUSE_KEY.match(ckey) or (key and not ckey.startswith(key + "-")):
            problems.append(Problem("policy.clause_key", cwhere, example=f"{key or 'INFOSEC'}-4.2"))
        elif ckey in seen:
            problems.append(Problem("policy.clause_key_twice", cwhere))
        seen.add(ckey)
        problems.extend(Problem("policy.title_language", cwhere, lang=lang)
                        for lang in missing_languages(item.get("title")))
        problems.extend(Problem("policy.text_language", cwhere, lang=lang)
                        for lang in missing_languages(item.get("text")))
        clauses.append(Clause(ckey, dict(item.get("title") or {}), dict(item.get("text") or {})))
    if problems:
        raise PolicyError(problems)
    return PolicyVersion(key, dict(raw["title"]), version, day, dict(raw.get("owner") or {}), tuple(clauses))


def parse_register(data: Any) -> list[PolicyVersion]:
    """The ``policies:`` list of ``config/policies.yaml``; policy keys and clause keys unique."""
    raw = data.get("policies") if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        raise PolicyError([Problem("policy.register")])
    problems: list[str] = []
    out: list[PolicyVersion] = []
    for item in raw:
        try:
            out.append(parse_policy(item))
        except PolicyError as exc:
            problems.extend(exc.problems)
    keys = [p.key for p in out]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    problems += [Problem("policy.listed_twice", place("policy", key=k)) for k in twice]
    if problems:
        raise PolicyError(problems)
    return out


@dataclass(frozen=True)
class ClauseChange:
    key: str
    kind: str  # "changed" | "added" | "removed"
    before: Clause | None
    after: Clause | None


def clause_changes(old: PolicyVersion | None, new: PolicyVersion) -> list[ClauseChange]:
    """What a new version changes, clause by clause (unchanged clauses are left out)."""
    before = {c.key: c for c in old.clauses} if old else {}
    after = {c.key: c for c in new.clauses}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key), after.get(key)
        if b is None:
            changes.append(ClauseChange(key, "added", None, a))
        elif a is None:
            changes.append(ClauseChange(key, "removed", b, None))
        elif not b.same_as(a):
            changes.append(ClauseChange(key, "changed", b, a))
    return changes


@dataclass(frozen=True)
class ClauseCoverage:
    policy: str
    clause: Clause
    competences: tuple[str, ...]
    items: tuple[str, ...]

    @property
    def assessed(self) -> bool:
        """Some approved item asks about it (a competence naming the clause alone assesses nothing)."""
        return bool(self.items)


def clause_coverage(policies: Iterable[PolicyVersion], competence_refs: Mapping[str, Iterable[str]],
                    item_refs: Mapping[str, Iterable[str]]) -> list[ClauseCoverage]:
    """Per clause of the given (current) policy versions: the competences and items referring to it."""
    by_clause_c: defaultdict[str, set[str]] = defaultdict(set)
    by_clause_i: defaultdict[str, set[str]] = defaultdict(set)
    for comp, refs in competence_refs.items():
        for ref in refs:
            by_clause_c[ref].add(comp)
    for item, refs in item_refs.items():
        for ref in refs:
            by_clause_i[ref].add(item)
    return [ClauseCoverage(p.key, c, tuple(sorted(by_clause_c[c.key])), tuple(sorted(by_clause_i[c.key])))
            for p in policies for c in p.clauses]


def unknown_references(policies: Iterable[PolicyVersion],
                       refs: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """References (clause key → who refers) that point at no clause of the given versions."""
    known = {c.key for p in policies for c in p.clauses}
    out: defaultdict[str, list[str]] = defaultdict(list)
    for who, keys in refs.items():
        for ref in keys:
            if ref not in known:
                out[ref].append(who)
    return {k: sorted(v) for k, v in sorted(out.items())}


def items_touched(changes: Iterable[ClauseChange], item_refs: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Item key → the changed or removed clauses it refers to (these items must be reviewed)."""
    touched = {c.key for c in changes if c.kind in ("changed", "removed")}
    out = {item: sorted(set(refs) & touched) for item, refs in item_refs.items()}
    return {k: v for k, v in sorted(out.items()) if v}
