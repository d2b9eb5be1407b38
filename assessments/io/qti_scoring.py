"""QTI 3.0 response processing that scores as the tool itself does (``item_types/<type>.py`` ``grade``),
built from operators a QTI 3 player evaluates, plus the scoring rule in words for the manifest.

* ordering (partial): Kendall τ, ``max(0, (C − D)/P)``: the position of each option is found with
  ``qti-index`` into outcome variables ``POS_<key>``, the concordant pairs are counted into ``PAIRS_C``;
* matching (partial): the share of pairs matched right (``qti-map-response`` ÷ number of pairs);
* short text: the answers of *both* languages; case-insensitive exact answers (``qti-string-match``,
  readable by every player) and, for the tool's whitespace normalisation (trimmed, runs of spaces as
  one), a ``qti-pattern-match`` per answer written as ``^\\s*…\\s*$`` with ``[aA]`` letter classes.
  Players that evaluate patterns as JavaScript regular expressions (Cito's qti-components) need the
  anchors; a player that reads XML-Schema regular expressions takes ``^``/``$`` as characters, so there
  the pattern never matches and only the exact (case-insensitive) answers score;
* numeric: ``answer − tolerance ≤ RESPONSE ≤ answer + tolerance`` with ``qti-gte``/``qti-lte`` (and the
  ``qti-equal`` with its tolerance, which importers read). QTI has no operator that reads a decimal
  comma: a float response "72,5" is not a number. The nearest: a ``qti-custom-operator`` (class
  :data:`DECIMAL_COMMA_CLASS`) whose JavaScript, in the form Cito's player runs (a comment in its first
  child), reads the text as the tool does (``72,5`` = ``72.5``) and checks the range; a response with a
  comma never scores through the other branch (players that parse "72,5" as 72 would misjudge it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from lxml import etree

from .qti_xml import base_value, q, set_outcome, sub, variable

DECIMAL_COMMA_CLASS = "https://ai-diploma.voorbeeldgroep.example/qti/custom-operators/decimal-comma-range"
_REGEX_META = set("\\.^$|?*+()[]{}-")


def el(name: str, *children: etree._Element, **attrs: str) -> etree._Element:
    element = etree.Element(q(name), {k.replace("_", "-"): v for k, v in attrs.items()})
    for child in children:
        element.append(child)
    return element


def declare_outcome(root: etree._Element, identifier: str, base_type: str, default: str) -> None:
    """An outcome declaration after the item's last one (declarations come before the item body)."""
    declaration = el("qti-outcome-declaration", identifier=identifier, cardinality="single", base_type=base_type)
    sub(sub(declaration, "qti-default-value"), "qti-value", default)
    last = root.findall(q("qti-outcome-declaration"))[-1]
    last.addnext(declaration)


def when(rp: etree._Element, condition: etree._Element, identifier: str, value: etree._Element) -> None:
    """If ``condition``: set ``identifier`` to ``value``."""
    branch = sub(sub(rp, "qti-response-condition"), "qti-response-if")
    branch.append(condition)
    set_outcome(branch, identifier, value)


def number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


# --- ordering ---------------------------------------------------------------------------------------------


def kendall_processing(root: etree._Element, rp: etree._Element, keys: Sequence[str]) -> None:
    """SCORE = max(0, (C − D)/P) over the P = n(n−1)/2 pairs; 0 for a response that is not a full order."""
    n = len(keys)
    pairs = n * (n - 1) // 2
    for key in keys:
        declare_outcome(root, f"POS_{key}", "integer", "0")
    declare_outcome(root, "PAIRS_C", "integer", "0")
    for key in keys:
        for position in range(1, n + 1):
            found = el("qti-match", el("qti-index", variable("qti-variable"), n=str(position)),
                       base_value("identifier", key))
            when(rp, found, f"POS_{key}", base_value("integer", str(position)))
    for i, first in enumerate(keys):
        for second in keys[i + 1:]:
            before = el("qti-lt", variable("qti-variable", f"POS_{first}"), variable("qti-variable", f"POS_{second}"))
            when(rp, before, "PAIRS_C",
                 el("qti-sum", variable("qti-variable", "PAIRS_C"), base_value("integer", "1")))
    tau = el("qti-divide",
             el("qti-subtract",
                el("qti-product", base_value("float", "2"), variable("qti-variable", "PAIRS_C")),
                base_value("float", str(pairs))),
             base_value("float", str(max(pairs, 1))))
    complete = el("qti-equal", el("qti-container-size", variable("qti-variable")), base_value("integer", str(n)),
                  tolerance_mode="exact")
    when(rp, complete, "SCORE", el("qti-max", base_value("float", "0"), tau))


# --- short text -------------------------------------------------------------------------------------------


def _char_pattern(char: str) -> str:
    lower, upper = char.lower(), char.upper()
    if lower != upper and len(lower) == 1 and len(upper) == 1:
        return f"[{lower}{upper}]"
    return f"\\{char}" if char in _REGEX_META else char


def answer_pattern(answer: str) -> str:
    """A pattern for ``answer`` after the tool's normalising: trimmed, any run of spaces, any case."""
    words = str(answer).split()
    return "^\\s*" + "\\s+".join("".join(_char_pattern(c) for c in word) for word in words) + "\\s*$"


def accepted_condition(answers: Sequence[str]) -> etree._Element:
    """True when RESPONSE is one of ``answers`` (exact but for case, or normalised as the tool does)."""
    tests = [el("qti-string-match", variable("qti-variable"), base_value("string", a), case_sensitive="false")
             for a in answers]
    tests += [el("qti-pattern-match", variable("qti-variable"), pattern=answer_pattern(a)) for a in answers]
    return el("qti-or", *tests)


# --- numeric ----------------------------------------------------------------------------------------------

_NUMBER_JS = r"/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/"


def decimal_comma_operator(low: Decimal, high: Decimal) -> etree._Element:
    """The tool's reading of the typed text (point or comma) and its range, as a custom operator."""
    code = (
        "const raw = fn.variable('RESPONSE'); if (raw === null || raw === undefined) return false; "
        f"const text = String(raw).trim(); if (!{_NUMBER_JS}.test(text)) return false; "
        "const value = Number(text.replace(',', '.')); "
        f"return value >= {number_text(low)} && value <= {number_text(high)};"
    )
    holder = el("qti-base-value", base_type="string")
    holder.append(etree.Comment(" " + code + " "))
    return el("qti-custom-operator", holder, **{"class": DECIMAL_COMMA_CLASS})


def numeric_condition(low: Decimal, high: Decimal, equal: etree._Element) -> etree._Element:
    """Within [low, high]: the custom operator (decimal comma), or a response without a comma in range."""
    in_range = el("qti-and",
                  el("qti-gte", variable("qti-variable"), base_value("float", number_text(low))),
                  el("qti-lte", variable("qti-variable"), base_value("float", number_text(high))))
    no_comma = el("qti-not", el("qti-pattern-match", variable("qti-variable"), pattern=".*,.*"))
    return el("qti-or", decimal_comma_operator(low, high), el("qti-and", no_comma, el("qti-or", in_range, equal)))


# --- the rule in words (manifest) -------------------------------------------------------------------------

RULES = {
    "single_choice": "exact: 1 for the correct option, else 0",
    "true_false": "exact: 1 for the correct answer, else 0",
    "multiple_response/partial": "partial: +1/k per correct option chosen, -1/k per wrong option chosen "
                                 "(k = number of correct options), bounded 0..1",
    "multiple_response/all_or_nothing": "all_or_nothing: 1 only for exactly the correct set",
    "ordering/partial": "partial: Kendall tau, max(0, (C - D) / (n(n-1)/2)) over the pairs of options; "
                        "0 for an incomplete order",
    "ordering/all_or_nothing": "all_or_nothing: 1 only for the exact order",
    "matching/partial": "partial: share of the pairs matched correctly (unanswered = wrong)",
    "matching/all_or_nothing": "all_or_nothing: 1 only when every pair is right",
    "numeric": "exact within tolerance: 1 when |response - answer| <= tolerance; decimal point or comma",
    "short_text": "exact after normalising: trimmed, runs of whitespace as one space, case-insensitive; "
                  "the accepted answers of both languages count",
}


def scoring_rule(record: Mapping[str, Any]) -> str:
    kind = str(record.get("type"))
    return RULES.get(f"{kind}/{record.get('scoring') or 'partial'}") or RULES.get(kind, "")
