"""Item-writing findings (``assessments.item_checks``) worded for L&D in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessments.item_checks import LevelBalance, bank_balance, item_findings
from assessments.item_types.finding import PROBLEM, Finding

#: what each finding code says; its parameters fill the text
FINDING_MESSAGES: dict[str, Any] = {
    "key_longest": _l("The correct option is clearly the longest (%(chars)d characters, the longest other option "
                      "%(other)d): candidates pick the longest option to guess. Shorten it or lengthen the others."),
    "key_shortest": _l("The correct option is clearly the shortest (%(chars)d characters, the shortest other option "
                       "%(other)d). Make the options about as long as each other."),
    "correct_longer": _l("The correct options are systematically longer than the wrong ones (on average %(correct)d "
                         "against %(wrong)d characters)."),
    "correct_shorter": _l("The correct options are systematically shorter than the wrong ones (on average "
                          "%(correct)d against %(wrong)d characters)."),
    "all_or_none": _l("“%(phrase)s” as an option: candidates can reason it out from two options without knowing "
                      "the rest. Use a full option instead."),
    "absolute_in_distractor": _l("An absolute word (%(words)s) appears only in wrong options, which gives them away."),
    "hedge_in_key": _l("A hedging word (%(words)s) appears only in the correct answer, which gives it away."),
    "negative_stem": _l("The question is put negatively (%(words)s) without emphasis: write it positively, or put "
                        "the negation in capitals or bold."),
    "option_count": _l("%(count)d options; this type works best with %(low)d to %(high)d."),
    "language_length": _l("The Dutch and English %(where)s differ a lot in length (%(nl)d against %(en)d "
                          "characters): check that both say the same."),
    "stem_overlap": _l("The correct answer repeats %(key_words)d words of the question, the other options at most "
                       "%(other_words)d: candidates can match words instead of knowing the answer."),
    "statement_absolute_false": _l("The statement is false and contains an absolute word (%(words)s): candidates "
                                   "guess “false” for such statements."),
    "statement_hedge_true": _l("The statement is true and contains a hedging word (%(words)s): candidates guess "
                               "“true” for such statements."),
    "key_position_imbalance": _l("The correct answer is not spread evenly over the positions (%(shares)s of "
                                 "%(n)d single-choice questions; p = %(p)s)."),
    "true_share": _l("%(share)s of the %(n)d true/false statements are true: keep it near half."),
    "correct_count_pattern": _l("%(share)s of the multiple-response questions have exactly %(count)d correct "
                                "options: vary the number."),
}
WHERE = {"stem": _l("question text"), "option": _l("option"), "left": _l("left-hand item"),
         "right": _l("right-hand item")}
#: ``text_missing``: a text the item lacks in one language (per kind of text, so Dutch can agree with it)
MISSING_TEXT = {
    "stem": _l("The question text is missing in this language: translate it before sending the question for "
               "review."),
    "rationale": _l("The rationale is missing in this language: write it before sending the question for review."),
    "option": _l("The option text is missing in this language: translate it before sending the question for "
                 "review."),
    "left": _l("The left-hand item of pair %(pair)s is missing in this language: translate it before sending the "
               "question for review."),
    "right": _l("The right-hand item of pair %(pair)s is missing in this language: translate it before sending the "
                "question for review."),
}
SEVERITY = {"warning": _l("warning"), "problem": _l("problem")}


def finding_text(finding: Finding) -> str:
    """The finding in the reader's language, naming the option and language it concerns."""
    params = dict(finding.params)
    if "where" in params:
        params["where"] = str(WHERE.get(str(params["where"]), params["where"]))
    text = (MISSING_TEXT.get(str(finding.params.get("where"))) if finding.code == "text_missing"
            else FINDING_MESSAGES.get(finding.code))
    message = str(text) % params if text is not None else finding.code
    where = []
    if finding.option is not None:
        where.append(_("option %(key)s", key=finding.option))
    if finding.lang is not None:
        where.append(finding.lang.upper())
    return f"{', '.join(where)}: {message}" if where else message


def severity_label(severity: str) -> str:
    return str(SEVERITY.get(severity, severity))


def findings_of(content: Mapping[str, Any]) -> list[Finding]:
    """The item's findings, problems first."""
    return sorted(item_findings(content), key=lambda f: f.severity != PROBLEM)


def balance_by_level(records: Iterable[Mapping[str, Any]], levels: Iterable[str]) -> list[LevelBalance]:
    """The bank-level balance of each level in the model's order."""
    found = {b.level: b for b in bank_balance(records)}
    return [found[level] for level in levels if level in found]
