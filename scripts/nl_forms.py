"""Dutch for the role matrix form, its preview of who is affected and rolling back (branch forms)."""

NL = {
    "role matrix rolled back": "rolmatrix teruggezet",
    "There is no role matrix version %(v)d.": "Er is geen versie %(v)d van de rolmatrix.",
    "Give a date.": "Vul een datum in.",
    "“%(value)s” is not a date. Write it as year-month-day, for example 2026-12-31.":
        "“%(value)s” is geen datum. Schrijf hem als jaar-maand-dag, bijvoorbeeld 2026-12-31.",
    "Choose a date between %(first)s and %(last)s.": "Kies een datum tussen %(first)s en %(last)s.",
    "“%(value)s” is not in the list. Choose one of the list.":
        "“%(value)s” staat niet in de lijst. Kies een waarde uit de lijst.",
    "Give a whole number of months from 0 to %(max)d.": "Vul een aantal hele maanden in, van 0 tot en met %(max)d.",
    "Choose the level this row requires.": "Kies het niveau dat deze regel vraagt.",
    "“%(value)s” is not a level. Choose one of the list.": "“%(value)s” is geen niveau. Kies een niveau uit de lijst.",
    "Row %(other)d already sets this function group and risk class; change one of the two rows.":
        "Regel %(other)d heeft al deze functiegroep en risicoklasse; pas een van de twee regels aan.",
    "Fill in at least one row: a level and a deadline.": "Vul minstens één regel in: een niveau en een deadline.",
    "This preview has expired or was already saved. Fill in the form again.":
        "Deze voorvertoning is verlopen of al opgeslagen. Vul het formulier opnieuw in.",
    "Rolled back: version %(v)d has the rules of version %(old)d.":
        "Teruggezet: versie %(v)d heeft de regels van versie %(old)d.",
    "Nothing changed: the newest version already has these rules.":
        "Niets gewijzigd: de nieuwste versie heeft deze regels al.",
    "Change the matrix in a form, with a preview of who is affected":
        "De matrix in een formulier wijzigen, met een voorvertoning van wie het raakt",
    "For bulk changes, edit the YAML text or upload a file:":
        "Voor grote wijzigingen in één keer: bewerk de YAML-tekst of upload een bestand:",
    "Roll back to the rules of version %(v)d?": "Terugzetten naar de regels van versie %(v)d?",
    "A new version with these rules takes effect today for everybody; earlier versions stay for past reports, "
    "and the audit log records who rolled back.":
        "Een nieuwe versie met deze regels geldt vanaf vandaag voor iedereen; eerdere versies blijven voor "
        "rapportages over het verleden, en het auditlog legt vast wie terugzette.",
    "Roll back to this version": "Terugzetten naar deze versie",
    "Change the role matrix": "De rolmatrix wijzigen",
    "One row per rule: which function group and risk class (empty: everybody) must reach which level by when; "
    "new employees get the onboarding term from their hire date. Rows without a level and deadline are left out. "
    "Before saving you see who the change affects.":
        "Eén regel per afspraak: welke functiegroep en risicoklasse (leeg: iedereen) welk niveau moet halen, en "
        "wanneer; nieuwe medewerkers krijgen de inwerktermijn vanaf hun datum in dienst. Regels zonder niveau en "
        "deadline vervallen. Voor het opslaan ziet u wie de wijziging raakt.",
    "Back to the role matrix (YAML for bulk changes, versions)":
        "Terug naar de rolmatrix (YAML voor grote wijzigingen, versies)",
    "The matrix was not checked yet: correct the fields marked below.":
        "De matrix is nog niet gecontroleerd: verbeter de gemarkeerde velden hieronder.",
    "The matrix has problems:": "De matrix bevat problemen:",
    "In force from": "Geldig vanaf",
    "Row": "Regel",
    "row %(n)d": "regel %(n)d",
    "(no rule)": "(geen regel)",
    "Check and show who is affected": "Controleren en tonen wie het raakt",
    "Compared with version %(v)d, in force on %(d)s. Counted from the HR data of this platform; people who have "
    "left are not counted.":
        "Vergeleken met versie %(v)d, geldig op %(d)s. Geteld uit de HR-gegevens van dit platform; wie uit dienst "
        "is, telt niet mee.",
    "There is no version in force on %(d)s yet: everybody with a rule gets a new requirement.":
        "Op %(d)s geldt nog geen versie: iedereen met een regel krijgt een nieuwe eis.",
    "Who is affected, per department": "Wie het raakt, per afdeling",
    "New or higher level": "Nieuw of hoger niveau",
    "Lower level or none": "Lager niveau of geen",
    "New deadline": "Nieuwe deadline",
    # the rollout plan form
    "There is no rollout plan version %(v)d.": "Er is geen versie %(v)d van het uitrolplan.",
    "Name the units of this phase, separated by commas.": "Noem de eenheden van deze fase, gescheiden door komma's.",
    "Choose what the units are (for example business unit).":
        "Kies wat voor eenheden het zijn (bijvoorbeeld business unit).",
    "Not in the HR data: %(units)s. Known: %(known)s.": "Niet in de HR-gegevens: %(units)s. Bekend: %(known)s.",
    "Give a short key of lower-case letters, digits and dashes (at most 40).":
        "Geef een korte sleutel van kleine letters, cijfers en streepjes (hoogstens 40).",
    "Give the name in this language (at most 200 characters).":
        "Geef de naam in deze taal (hoogstens 200 tekens).",
    "Tick at least one level.": "Vink minstens één niveau aan.",
    "The end is before the start.": "Het einde ligt vóór het begin.",
    "Choose a scenario from the list.": "Kies een scenario uit de lijst.",
    "Fill in at least one phase.": "Vul minstens één fase in.",
    "Only one phase can be the pilot.": "Maar één fase kan de pilot zijn.",
    "Rolled back: version %(v)d has the content of version %(old)d.":
        "Teruggezet: versie %(v)d heeft de inhoud van versie %(old)d.",
    "Nothing changed: the plan in use already has this content.":
        "Niets gewijzigd: het plan dat geldt heeft deze inhoud al.",
    "Change the plan in a form, with a preview and the versions":
        "Het plan in een formulier wijzigen, met een voorvertoning en de versies",
    "Change the rollout plan": "Het uitrolplan wijzigen",
    "One row per phase: its units (leave the kind of unit empty for everybody), the levels it rolls out, start and "
    "end, and whether it is the pilot. Rows without a key, name and level are left out. Before saving you see how "
    "many people each phase takes in.":
        "Eén blok per fase: de eenheden (laat de soort eenheid leeg voor iedereen), de niveaus die de fase uitrolt, "
        "begin en einde, en of het de pilot is. Blokken zonder sleutel, naam en niveau vervallen. Voor het opslaan "
        "ziet u hoeveel mensen elke fase omvat.",
    "Back to the rollout (YAML for bulk changes)": "Terug naar de uitrol (YAML voor grote wijzigingen)",
    "The plan was not checked yet: correct the fields marked below.":
        "Het plan is nog niet gecontroleerd: verbeter de gemarkeerde velden hieronder.",
    "The plan has problems:": "Het plan bevat problemen:",
    "Phase %(n)d": "Fase %(n)d",
    "Key (short, for reports and remarks)": "Sleutel (kort, voor rapportages en opmerkingen)",
    "Name in Dutch": "Naam in het Nederlands",
    "Name in English": "Naam in het Engels",
    "Kind of unit": "Soort eenheid",
    "Units, separated by commas": "Eenheden, gescheiden door komma's",
    "Start": "Begin",
    "End": "Einde",
    "This phase is the pilot": "Deze fase is de pilot",
    "People in scope per phase": "Mensen binnen de fase, per fase",
    "Now": "Nu",
    "With this change": "Met deze wijziging",
    "new phase": "nieuwe fase",
    "Roll back the rollout plan to version %(v)d?": "Het uitrolplan terugzetten naar versie %(v)d?",
    "A new version with that content replaces the plan in use; the audit log records who rolled back.":
        "Een nieuwe versie met die inhoud vervangt het plan dat geldt; het auditlog legt vast wie terugzette.",
    "No saved versions yet: the organisation's default plan is in use.":
        "Nog geen opgeslagen versies: het standaardplan van de organisatie geldt.",
}
