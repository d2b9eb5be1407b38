"""Dutch for the policy form (``governance/policy_form.py``, ``policy_views.py``, ``policy_edit.html``).

    python scripts/translate.py scripts/nl_policyform.py
"""

NL = {
    "policy rolled back": "beleid teruggezet",
    "There is no policy %(key)s.": "Er is geen beleid %(key)s.",
    "The text is %(n)d characters long; shorten it to %(max)d characters or fewer.":
        "De tekst is %(n)d tekens lang; maak hem korter, tot hoogstens %(max)d tekens.",
    "Remove the invisible control characters from this text.":
        "Haal de onzichtbare stuurtekens uit deze tekst.",
    "There is no policy %(key)s. Start a new policy instead.":
        "Er is geen beleid %(key)s. Begin in plaats daarvan een nieuw beleid.",
    "Give a key of capital letters, digits and underscores that starts with a letter (at most %(n)d), "
    "for example INFOSEC.":
        "Geef een sleutel van hoofdletters, cijfers en liggende streepjes die met een letter begint (hoogstens "
        "%(n)d), bijvoorbeeld INFOSEC.",
    "There is already a policy %(key)s: change it from its own form.":
        "Er is al een beleid %(key)s: wijzig het via zijn eigen formulier.",
    "Give a version of letters, digits, dots and dashes (at most %(n)d), for example 2026.2.":
        "Geef een versie van letters, cijfers, punten en streepjes (hoogstens %(n)d), bijvoorbeeld 2026.2.",
    "The newest version takes effect on %(date)s; a new version cannot take effect earlier.":
        "De nieuwste versie gaat in op %(date)s; een nieuwe versie kan niet eerder ingaan.",
    "Give the clause key as the policy key, a dash and a number (at most %(n)d characters), for example "
    "%(example)s.":
        "Geef de artikelsleutel als de sleutel van het beleid, een streepje en een nummer (hoogstens %(n)d tekens), "
        "bijvoorbeeld %(example)s.",
    "Another clause has this key already; every clause needs its own key.":
        "Een ander artikel heeft deze sleutel al; elk artikel heeft een eigen sleutel nodig.",
    "Give the title in this language.": "Geef de titel in deze taal.",
    "Give the text in this language.": "Geef de tekst in deze taal.",
    "Give the owner in both languages, or leave both empty.":
        "Geef de eigenaar in beide talen, of laat beide leeg.",
    "Fill in at least one clause.": "Vul minstens één artikel in.",
    "Meanwhile another version with this number was saved. Fill in the form again.":
        "Intussen is een andere versie met dit nummer opgeslagen. Vul het formulier opnieuw in.",
    "Nothing changed: the newest version already has this content.":
        "Er is niets veranderd: de nieuwste versie heeft deze inhoud al.",
    "Rolled back: version %(version)s of %(policy)s has the content of an earlier version; %(changes)d clauses "
    "changed, %(items)d questions flagged for review.":
        "Teruggezet: versie %(version)s van %(policy)s heeft de inhoud van een eerdere versie; %(changes)d artikelen "
        "gewijzigd, %(items)d vragen gemeld voor herziening.",
    "Change in a form, with a preview and the versions": "Wijzigen in een formulier, met een voorbeeld en de versies",
    "Start a new policy in a form": "Een nieuw beleid beginnen in een formulier",
    "Change policy %(key)s": "Beleid %(key)s wijzigen",
    "Start a new policy": "Een nieuw beleid beginnen",
    "Fill in the new version: its number, the date it takes effect and its clauses in Dutch and English. Rows "
    "without a key, title and text are left out. Before saving you see which clauses change and which questions "
    "will be flagged for review.":
        "Vul de nieuwe versie in: het nummer, de datum waarop ze ingaat en de artikelen in het Nederlands en het "
        "Engels. Rijen zonder sleutel, titel en tekst worden weggelaten. Voor het opslaan zie je welke artikelen "
        "veranderen en welke vragen gemeld worden voor herziening.",
    "Back to the policy register (YAML for bulk changes)":
        "Terug naar het beleidsregister (YAML voor grote wijzigingen)",
    "The policy was not checked yet: correct the fields marked below.":
        "Het beleid is nog niet gecontroleerd: verbeter de velden die hieronder gemarkeerd zijn.",
    "The policy has problems:": "Het beleid heeft problemen:",
    "The policy": "Het beleid",
    "Key (capital letters, for example INFOSEC)": "Sleutel (hoofdletters, bijvoorbeeld INFOSEC)",
    "Title in Dutch": "Titel in het Nederlands",
    "Title in English": "Titel in het Engels",
    "Version (for example 2026.2)": "Versie (bijvoorbeeld 2026.2)",
    "Takes effect on": "Gaat in op",
    "Owner in Dutch (optional)": "Eigenaar in het Nederlands (niet verplicht)",
    "Owner in English (optional)": "Eigenaar in het Engels (niet verplicht)",
    "Clause %(n)d": "Artikel %(n)d",
    "Clause key (for example %(example)s)": "Artikelsleutel (bijvoorbeeld %(example)s)",
    "Text in Dutch": "Tekst in het Nederlands",
    "Text in English": "Tekst in het Engels",
    "Check and show what changes": "Controleren en tonen wat er verandert",
    "What the new version changes": "Wat de nieuwe versie verandert",
    "Compared with version %(v)s, in force from %(d)s.": "Vergeleken met versie %(v)s, geldig vanaf %(d)s.",
    "A new policy: every clause is new and no question is flagged.":
        "Een nieuw beleid: elk artikel is nieuw en er wordt geen vraag gemeld.",
    "Clauses added": "Artikelen toegevoegd",
    "Clauses changed": "Artikelen gewijzigd",
    "Clauses removed": "Artikelen verwijderd",
    "No clause changes, so no question will be flagged for review.":
        "Er verandert geen artikel, dus er wordt geen vraag gemeld voor herziening.",
    "Questions flagged for review: %(n)d": "Vragen gemeld voor herziening: %(n)d",
    "No question refers to a changed or removed clause.":
        "Geen enkele vraag verwijst naar een gewijzigd of verwijderd artikel.",
    "References that would point at no clause: %(n)d": "Verwijzingen die naar geen artikel meer zouden wijzen: %(n)d",
    "questions": "vragen",
    "Save version %(v)s of %(key)s?": "Versie %(v)s van %(key)s opslaan?",
    "It is added to the register and takes effect on its date; %(n)d questions are flagged for review. A saved "
    "version cannot be changed, only followed by another.":
        "Ze wordt aan het register toegevoegd en gaat in op haar datum; %(n)d vragen worden gemeld voor "
        "herziening. Een opgeslagen versie kan niet meer veranderen, alleen door een nieuwe worden opgevolgd.",
    "Roll back %(key)s to the content of version %(v)s?": "%(key)s terugzetten naar de inhoud van versie %(v)s?",
    "A new version with that content becomes the newest; questions whose clauses change are flagged for review, "
    "and the audit log records who rolled back.":
        "Een nieuwe versie met die inhoud wordt de nieuwste; vragen waarvan de artikelen veranderen worden "
        "gemeld voor herziening, en het auditlog legt vast wie heeft teruggezet.",
}
