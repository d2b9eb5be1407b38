"""Dutch for the long lists (issue 15 part 2): flagged questions, the question bank's bulk retire, the audit log."""

NL = {
    "Select one or more questions in the list, then choose “Retire selected”.":
        "Kies een of meer vragen in de lijst en kies dan ‘Geselecteerde buiten gebruik stellen’.",
    "The comment may be at most %(n)d characters.": "De toelichting mag hoogstens %(n)d tekens lang zijn.",
    "Nothing was retired: %(n)d of the selected questions cannot be retired.":
        "Er is niets buiten gebruik gesteld: %(n)d van de gekozen vragen kunnen niet buiten gebruik worden gesteld.",
    "%(key)s: %(reason)s": "%(key)s: %(reason)s",
    ("%(num)d question retired: it is no longer drawn in new exams.",
     "%(num)d questions retired: they are no longer drawn in new exams."):
        ("%(num)d vraag buiten gebruik gesteld: ze komt niet meer in nieuwe examens.",
         "%(num)d vragen buiten gebruik gesteld: ze komen niet meer in nieuwe examens."),
    "Some of the selected flags do not exist (any more). Reload the list and try again.":
        "Een deel van de gekozen meldingen bestaat niet (meer). Laad de lijst opnieuw en probeer het nog eens.",
    "Select one or more flags in the list, then choose “Resolve selected”.":
        "Kies een of meer meldingen in de lijst en kies dan ‘Geselecteerde afhandelen’.",
    "The note may be at most %(n)d characters.": "De notitie mag hoogstens %(n)d tekens lang zijn.",
    "%(done)d flags resolved; %(before)d were resolved already.":
        "Meldingen afgehandeld: %(done)d; %(before)d waren al afgehandeld.",
    "%(done)d flags resolved.": "Meldingen afgehandeld: %(done)d.",
    "object": "object",
    "Object": "Object",
    "Flagged questions": "Gemelde vragen",
    ("%(num)d question flag open for review", "%(num)d question flags open for review"):
        ("%(num)d open melding over een vraag", "%(num)d open meldingen over vragen"),
    "Level and competence": "Niveau en competentie",
    "Last changed": "Laatst gewijzigd",
    "Retire the selected questions?": "De gekozen vragen buiten gebruik stellen?",
    "Retired questions are no longer drawn in new exams; exams already taken keep them. Only approved questions "
    "can be retired: if one of the selected cannot, nothing is retired and the page says which.":
        "Vragen buiten gebruik komen niet meer in nieuwe examens; afgelegde examens houden ze. Alleen goedgekeurde "
        "vragen kunnen buiten gebruik: kan een van de gekozen vragen dat niet, dan gebeurt er niets en staat op de "
        "pagina welke.",
    "Select": "Kiezen",
    "Select %(key)s": "%(key)s kiezen",
    "No questions on this page.": "Geen vragen op deze pagina.",
    "Comment for the audit log (optional)": "Toelichting voor het auditlog (niet verplicht)",
    "Retire selected": "Geselecteerde buiten gebruik stellen",
    "Questions employees flagged after an exam, and questions whose policy clause changed. Check each question, "
    "change it if needed, then mark the flag resolved.":
        "Vragen die medewerkers na een examen hebben gemeld, en vragen waarvan het beleidsartikel is gewijzigd. "
        "Controleer elke vraag, pas haar zo nodig aan en handel dan de melding af.",
    "open": "open",
    "resolved": "afgehandeld",
    "Flagged on": "Gemeld op",
    "Question key": "Vraagsleutel",
    "Resolved on": "Afgehandeld op",
    "Search and filter flags": "Meldingen zoeken en filteren",
    "Key, reason or question text": "Sleutel, reden of vraagtekst",
    "Policy clause": "Beleidsartikel",
    ("%(num)d flag", "%(num)d flags"): ("%(num)d melding", "%(num)d meldingen"),
    "Mark the selected flags as resolved?": "De gekozen meldingen afhandelen?",
    "Each selected flag leaves the open list and is written to the audit log with your name. Flags that were "
    "resolved already stay as they are.":
        "Elke gekozen melding verdwijnt uit de open lijst en komt met uw naam in het auditlog. Meldingen die al "
        "afgehandeld waren, blijven zoals ze zijn.",
    "Flagged": "Gemeld",
    "Select the flag on %(key)s": "De melding over %(key)s kiezen",
    "No flags on this page.": "Geen meldingen op deze pagina.",
    "No flags match.": "Geen meldingen gevonden.",
    "Note for the audit log (optional)": "Notitie voor het auditlog (niet verplicht)",
    "Resolve selected": "Geselecteerde afhandelen",
    "Filter the audit log": "Het auditlog filteren",
    "Object (subject contains)": "Object (onderwerp bevat)",
    "Download these entries as CSV": "Deze regels downloaden als CSV",
    ("%(num)d entry", "%(num)d entries"): ("%(num)d regel", "%(num)d regels"),
    "No entries on this page.": "Geen regels op deze pagina.",
    "No entries match these filters.": "Geen regels bij deze filters.",
}
