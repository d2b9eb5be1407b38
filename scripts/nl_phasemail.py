"""Dutch for a rollout phase's own message to managers (the problems, the rollout form, the reminders preview).

    python scripts/translate.py scripts/nl_phasemail.py
"""

NL = {
    "message must be a mapping with %(allowed)s":
        "message moet een mapping zijn met %(allowed)s",
    "unknown message fields %(fields)s; allowed are %(allowed)s":
        "onbekende velden in message: %(fields)s; toegestaan zijn %(allowed)s",
    "message %(part)s must map the languages %(known)s to a text":
        "message %(part)s moet per taal (%(known)s) een tekst geven",
    "message %(part)s in %(lang)s has %(length)s characters; at most %(limit)s":
        "message %(part)s in %(lang)s heeft %(length)s tekens; hooguit %(limit)s",
    "message %(part)s in %(lang)s has the unknown placeholder %(name)s; known are %(known)s":
        "message %(part)s in %(lang)s heeft de onbekende invulplek %(name)s; bekend zijn %(known)s",
    "message %(part)s in %(lang)s has a brace without its pair; write {{ or }} for a brace itself":
        "message %(part)s in %(lang)s heeft een accolade zonder tegenhanger; schrijf {{ of }} voor een accolade zelf",
    "Write at most %(limit)d characters (now %(length)d).":
        "Schrijf hooguit %(limit)d tekens (nu %(length)d).",
    "%(name)s is not a placeholder. Use %(known)s; write {{ or }} for a brace itself.":
        "%(name)s is geen invulplek. Gebruik %(known)s; schrijf {{ of }} voor een accolade zelf.",
    "A brace without its pair. Use a placeholder such as {phase}, or write {{ or }} for a brace itself.":
        "Een accolade zonder tegenhanger. Gebruik een invulplek zoals {phase}, of schrijf {{ of }} voor een "
        "accolade zelf.",
    "message %(part)s in %(lang)s has control characters":
        "message %(part)s in %(lang)s heeft stuurtekens",
    "Remove the control characters from this text.": "Haal de stuurtekens uit deze tekst.",
    "Subject in Dutch": "Onderwerp in het Nederlands",
    "Subject in English": "Onderwerp in het Engels",
    "Text in Dutch": "Tekst in het Nederlands",
    "Text in English": "Tekst in het Engels",
    "Own message to managers (optional)": "Eigen bericht aan managers (niet verplicht)",
    "Replaces the standard reminder mail to managers whose team is in this phase, per part and language; an empty "
    "field keeps the standard text. Placeholders: %(names)s.":
        "Vervangt de standaard herinneringsmail aan managers van wie het team in deze fase zit, per deel en taal; "
        "een leeg veld houdt de standaardtekst. Invulplekken: %(names)s.",
    "Rollout phase of the team": "Uitrolfase van het team",
    "The phase's own subject and text are used.": "Het eigen onderwerp en de eigen tekst van de fase worden gebruikt.",
    "The phase's own subject is used, with the standard text.":
        "Het eigen onderwerp van de fase wordt gebruikt, met de standaardtekst.",
    "The phase's own text is used, with the standard subject.":
        "De eigen tekst van de fase wordt gebruikt, met het standaardonderwerp.",
    "The phase has no text of its own in this language: the standard text is used.":
        "De fase heeft in deze taal geen eigen tekst: de standaardtekst wordt gebruikt.",
    "The team is in no running rollout phase: the standard text is used.":
        "Het team zit niet in een lopende uitrolfase: de standaardtekst wordt gebruikt.",
}
