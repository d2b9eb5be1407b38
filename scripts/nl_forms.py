"""Dutch for the messages of equal forms (issue 13): the blueprint's assembly mode and exposure limit, and an
item's expected facility. Applied with ``python scripts/translate.py scripts/nl_forms.py``."""

NL = {
    "equal forms (matched difficulty, exposure limit)":
        "gelijkwaardige versies (even moeilijk, met blootstellingslimiet)",
    "random draw per competence": "willekeurige trekking per competentie",
    "How each attempt's questions are chosen": "Hoe de vragen per poging worden gekozen",
    "Equal forms: every attempt gets questions of the same mix of difficulty, so no candidate gets an easier exam, "
    "and no question is shown more often than the limit below.":
        "Gelijkwaardige versies: elke poging krijgt dezelfde mix van makkelijke en moeilijke vragen, zodat niemand een "
        "makkelijkere toets krijgt, en geen vraag wordt vaker getoond dan de limiet hieronder.",
    "Show a question in at most (%% of recent attempts)": "Toon een vraag in hoogstens (%% van de recente pogingen)",
    "Forms": "Versies",
    "max. %(p)d%% per question": "max. %(p)d%% per vraag",
    "Expected share answering correctly (%%)": "Verwacht aandeel goede antwoorden (%%)",
    "Your estimate of how many candidates answer this question correctly, e.g. 70. Exams are put together to be "
    "equally difficult with it until enough answers are in; empty counts as 70.":
        "Je schatting van hoeveel kandidaten deze vraag goed beantwoorden, bijvoorbeeld 70. Tot er genoeg antwoorden "
        "binnen zijn, worden toetsen hiermee even moeilijk samengesteld; leeg telt als 70.",
}
