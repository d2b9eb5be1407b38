"""What an item type carries for the exchange formats (as Moodle's question types carry their own
import and export): its QTI 3.0 interaction (write and read), its GIFT answers (write and read), the
fields the CSV/XLSX row and the authoring form fill, and the import checks of its record fields.

The format modules (``assessments.io.qti``, ``.gift``, ``.tabular``, ``.records`` and the authoring
form) do the format-level work — manifest, package, parsing a file, line-level errors — and call the
codec of the record's type (``ITEM_TYPES[kind].codec``) for everything that depends on the type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from lxml import etree

from ..io import LineError
from ..io.qti_xml import LangItem, QtiRead


@dataclass(frozen=True)
class FormReader:
    """The authoring form's fields: ``text(name, html)`` is a language map of ``<name>_<lang>`` fields."""

    form: Mapping[str, str]
    text: Callable[[str, bool], dict[str, str]]
    max_options: int
    max_pairs: int


@dataclass(frozen=True)
class GiftReader:
    """What a GIFT codec reads with: ``texts(raw, what)`` is a language map of a GIFT text (reporting
    a text that is not in two languages), ``problems`` collects messages about the question."""

    meta: Mapping[str, Any]
    texts: Callable[[str, str], dict[str, str]]
    problems: list[str]


class ItemCodec(Protocol):
    #: the type's name in messages ("single choice")
    label: ClassVar[str]
    #: the record fields only this kind of type has ("options", "pairs", "answer", …)
    fields: ClassVar[tuple[str, ...]]
    #: options listed in the correct order (no ``correct`` per option)
    ordered: ClassVar[bool]
    #: the type takes ``scoring`` (partial or all_or_nothing)
    scored: ClassVar[bool]
    #: QTI types of one family may be declared as each other (a choice interaction is all three)
    qti_family: ClassVar[str]
    #: the QTI interaction element the type is written as
    qti_interaction: ClassVar[str]
    #: the GIFT question form the type is written in ("multichoice", "truefalse", …; "" when GIFT has none)
    gift_form: ClassVar[str]
    #: of the types written as GIFT multiple choice: the one with weighted answers (``~%50%``)
    gift_weighted: ClassVar[bool]

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        """Import problems with the type's fields (shape and values), as messages for an author."""

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        """Cardinality, base type, qti-correct-response and any qti-mapping of the RESPONSE declaration."""

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        """The stem and the interaction in the qti-item-body."""

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        """The qti-response-processing (a template or rules)."""

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        """Whether an imported interaction with this declaration is a question of this type."""

    def qti_read(self, read: QtiRead) -> list[LineError]:
        """Read the type's fields of one language version into ``read.item.data``."""

    def qti_merge(self, record: dict[str, Any], versions: Mapping[str, LangItem], first: LangItem,
                  label: str) -> list[LineError]:
        """Put the type's fields of the language versions into ``record``."""

    def fill_language(self, record: dict[str, Any], lang: str) -> None:
        """Fill a missing language in fields that are not language maps of texts (QTI import)."""

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        """The GIFT answer lines; adds to ``meta`` what GIFT has no syntax for."""

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """The type's fields from the GIFT answers the format recognised as this type."""

    def form_read(self, form: FormReader, record: dict[str, Any], errors: list[str]) -> None:
        """The type's fields from the authoring form."""

    def form_write(self, record: Mapping[str, Any], form: dict[str, str]) -> None:
        """The type's own form fields (those the shared option/pair/text fields do not cover)."""


class Codec:
    """Defaults for codecs: no extra fields, nothing to fill."""

    label: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()
    ordered: ClassVar[bool] = False
    scored: ClassVar[bool] = False
    qti_family: ClassVar[str] = ""
    qti_interaction: ClassVar[str] = ""
    gift_form: ClassVar[str] = ""
    gift_weighted: ClassVar[bool] = False

    def fill_language(self, record: dict[str, Any], lang: str) -> None:
        return None

    def form_write(self, record: Mapping[str, Any], form: dict[str, str]) -> None:
        return None
