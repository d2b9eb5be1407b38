# ruff: noqa: E501 - a message and its Dutch read best one per line
"""Dutch for the learning paths per role (branch ``paths``): the catalogue page, its problems and the path on
*Mijn AI-diploma* and *Mijn team*."""

NL = {
    "activity %(n)s (%(key)s)": "activiteit %(n)s (%(key)s)",
    "the key '%(key)s' may only contain lower-case letters, digits, '-' and '_', and must start with a letter or digit":
        "de sleutel '%(key)s' mag alleen kleine letters, cijfers, '-' en '_' bevatten en moet met een letter of cijfer "
        "beginnen",
    "the key '%(key)s' is used by another activity already": "de sleutel '%(key)s' hoort al bij een andere activiteit",
    "'%(kind)s' is not a kind of activity; choose one from the list":
        "'%(kind)s' is geen soort activiteit; kies er een uit de lijst",
    "'%(competence)s' is not a competence of the competence model":
        "'%(competence)s' is geen competentie uit het competentiemodel",
    "'%(level)s' is not a level of the competence model": "'%(level)s' is geen niveau uit het competentiemodel",
    "the competence '%(competence)s' is not assessed at level '%(level)s'":
        "de competentie '%(competence)s' wordt niet getoetst op niveau '%(level)s'",
    "give the title in Dutch": "geef de titel in het Nederlands",
    "give the title in English": "geef de titel in het Engels",
    "'%(url)s' is not a web address; start it with https://": "'%(url)s' is geen webadres; begin het met https://",
    "give the address of the course or module in the LMS": "geef het adres van de cursus of module in de LMS",
    "'%(iri)s' is not an xAPI activity id; use an IRI such as https://lms.example.nl/xapi/course-1":
        "'%(iri)s' is geen xAPI-activiteit-id; gebruik een IRI zoals https://lms.example.nl/xapi/course-1",
    "give the e-learning's xAPI activity id (an IRI), so its completion can be read":
        "geef het xAPI-activiteit-id (een IRI) van de e-learning, zodat te zien is of hij is afgerond",
    "'%(text)s' is not a date and time": "'%(text)s' is geen datum en tijd",
    "give the date and time": "geef de datum en tijd",
    "the session ends before it starts": "de sessie eindigt voordat hij begint",
    "give the place of the session": "geef de plaats van de sessie",
    "this is %(length)s characters long; at most %(max)s fit": "dit is %(length)s tekens lang; er passen er hoogstens %(max)s",
    "the catalogue needs a list 'activities' of activities": "de catalogus heeft een lijst 'activities' met activiteiten nodig",
    "the catalogue has %(count)s activities; at most %(max)s fit":
        "de catalogus heeft %(count)s activiteiten; er passen er hoogstens %(max)s",
    "learning path catalogue changed": "catalogus van leerpaden gewijzigd",
    "course in the LMS": "cursus in de LMS",
    "module in the LMS": "module in de LMS",
    "e-learning": "e-learning",
    "in-company session": "incompany-sessie",
    "Saved as learning path catalogue version %(v)d.": "Opgeslagen als versie %(v)d van de catalogus van leerpaden.",
    "Choose a YAML file to upload.": "Kies een YAML-bestand om te uploaden.",
    "The file is larger than 1 MB.": "Het bestand is groter dan 1 MB.",
    "The file is not readable YAML (UTF-8).": "Het bestand is geen leesbare YAML (UTF-8).",
    "Learning paths": "Leerpaden",
    "Learning paths per role": "Leerpaden per rol",
    "The offer per competence and level: courses and modules in the LMS, e-learning, in-company sessions and exams. "
    "Each employee's AI diploma page shows the activities for the level their role requires. Saving makes a new "
    "version.":
        "Het aanbod per competentie en niveau: cursussen en modules in de LMS, e-learning, incompany-sessies en "
        "toetsen. De AI-diplomapagina van elke medewerker toont de activiteiten voor het niveau dat de rol vraagt. "
        "Opslaan maakt een nieuwe versie.",
    "Version %(v)s.": "Versie %(v)s.",
    "The file was not saved:": "Het bestand is niet opgeslagen:",
    "Kind": "Soort",
    "Web address (LMS course or module, e-learning)": "Webadres (cursus of module in de LMS, e-learning)",
    "xAPI activity id (IRI) its completion is recorded under": "xAPI-activiteit-id (IRI) waaronder de afronding wordt vastgelegd",
    "In-company session": "Incompany-sessie",
    "Starts": "Begint",
    "Ends": "Eindigt",
    "Place": "Plaats",
    "Activity %(n)d": "Activiteit %(n)d",
    "Remove this activity from the next version": "Deze activiteit uit de volgende versie halen",
    "No activities yet.": "Nog geen activiteiten.",
    "Add an activity": "Een activiteit toevoegen",
    "Upload a catalogue (YAML)": "Een catalogus uploaden (YAML)",
    "A file with a list 'activities', each with the fields above: key, kind, competence, level, title_nl, title_en, "
    "url, activity_id, starts, ends, place. It replaces the whole catalogue as a new version.":
        "Een bestand met een lijst 'activities', elk met de velden hierboven: key, kind, competence, level, title_nl, "
        "title_en, url, activity_id, starts, ends, place. Het vervangt de hele catalogus als nieuwe versie.",
    "Replace the whole learning path catalogue by this file?": "De hele catalogus van leerpaden vervangen door dit bestand?",
    "The file becomes the new version; earlier versions are kept.":
        "Het bestand wordt de nieuwe versie; eerdere versies blijven bewaard.",
    "Catalogue file (YAML)": "Catalogusbestand (YAML)",
    "Upload and save as new version": "Uploaden en opslaan als nieuwe versie",
    "No version saved yet.": "Nog geen versie opgeslagen.",
    "Your learning path": "Jouw leerpad",
    "Learning path": "Leerpad",
    "What L&D offers for the level %(level)s, the competences to study again first.":
        "Wat L&D aanbiedt voor het niveau %(level)s, met de competenties om opnieuw te bestuderen eerst.",
    "%(done)d of %(total)d done.": "%(done)d van %(total)d afgerond.",
    "The learning record store did not answer, so progress in the LMS and e-learning is unknown for now.":
        "De learning record store gaf geen antwoord, dus de voortgang in de LMS en e-learning is nu onbekend.",
    "%(start)s to %(end)s, %(place)s": "%(start)s tot %(end)s, %(place)s",
    "Done": "Afgerond",
    "Progress unknown": "Voortgang onbekend",
    "Not done yet": "Nog niet afgerond",
    "%(done)d of %(total)d done": "%(done)d van %(total)d afgerond",
}
