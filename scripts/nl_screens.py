"""Dutch for the screens work (issue 14, item 5): the header menu button. Applied with
``python scripts/translate.py scripts/nl_screens.py``."""

NL = {
    "Menu": "Menu",
}
