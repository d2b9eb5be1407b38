"""Language maps: every user-facing text exists in Dutch and English."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("nl", "en")
LocalizedText = Mapping[str, str]


def localize(text: LocalizedText | str | None, locale: str) -> str:
    """The text in ``locale``, falling back to the other language, then to ''."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = locale.split("-")[0].split("_")[0].lower()
    for candidate in (lang, *LANGUAGES):
        if text.get(candidate):
            return text[candidate]
    return next(iter(text.values()), "")


def missing_languages(text: object) -> list[str]:
    """Languages for which ``text`` (a language map) has no content."""
    if not isinstance(text, Mapping):
        return list(LANGUAGES)
    return [lang for lang in LANGUAGES if not str(text.get(lang) or "").strip()]
