"""Dutch translations of the standard-setting and feedback-policy messages (issue 13); applied with
``python scripts/translate.py scripts/nl_standards.py``."""

NL = {
    # domain rules (lti_tool/errors.py)
    "Give each rating as a percentage from 0 to 100.": "Geef elke inschatting als percentage van 0 tot 100.",
    "This standard-setting round no longer takes ratings; it is %(status)s.":
        "Deze cesuurbepalingsronde neemt geen inschattingen meer aan; de ronde is %(status)s.",
    "This standard-setting round closed for ratings on %(date)s.":
        "Deze cesuurbepalingsronde is op %(date)s gesloten voor inschattingen.",
    "You have submitted your ratings; they can no longer be changed.":
        "Je hebt je inschattingen ingediend; ze kunnen niet meer worden gewijzigd.",
    "Rate every question before you submit: %(n)d still have no rating.":
        "Beoordeel elke vraag voordat je indient: bij %(n)d ontbreekt nog een inschatting.",
    "Answer the four questions about the acceptable pass mark and fail rate before you submit.":
        "Beantwoord de vier vragen over de aanvaardbare cesuur en het aanvaardbare zakpercentage voordat je indient.",
    "Give the acceptable pass marks and fail rates as percentages from 0 to 100.":
        "Geef de aanvaardbare cesuren en zakpercentages als percentages van 0 tot 100.",
    "The lowest acceptable pass mark and fail rate cannot be higher than the highest.":
        "De laagste aanvaardbare cesuur en het laagste zakpercentage kunnen niet hoger zijn dan de hoogste.",
    "No panel member has submitted ratings yet.": "Nog geen enkel panellid heeft inschattingen ingediend.",
    "Close the round before adopting its cut; it is %(status)s.":
        "Sluit de ronde voordat je de cesuur overneemt; de ronde is %(status)s.",
    "The panel has %(n)d members who submitted, fewer than the %(minimum)d advised: say why the cut may be adopted "
    "anyway.":
        "Het panel heeft %(n)d leden die hebben ingediend, minder dan de aanbevolen %(minimum)d: geef aan waarom de "
        "cesuur toch kan worden overgenomen.",
    "This person has no standard-setting panel role; grant it under Governance → Roles first.":
        "Deze persoon heeft geen rol als panellid cesuurbepaling; ken die eerst toe onder Governance → Rollen.",
    # labels (lti_tool/labels.py)
    "standard-setting panel member": "panellid cesuurbepaling",
    "open for ratings": "open voor inschattingen",
    "closed": "gesloten",
    "cut adopted": "cesuur overgenomen",
    "the line meets the fail rate curve": "de lijn snijdt de curve van het zakpercentage",
    "no compromise: even at the lowest acceptable pass mark more fail than acceptable":
        "geen compromis: zelfs bij de laagste aanvaardbare cesuur zakken meer mensen dan aanvaardbaar",
    "no compromise: even at the highest acceptable pass mark fewer fail than the lowest acceptable fail rate":
        "geen compromis: zelfs bij de hoogste aanvaardbare cesuur zakken minder mensen dan het laagste aanvaardbare "
        "zakpercentage",
    "no submitted attempts yet: no observed fail rates":
        "nog geen ingediende pogingen: geen waargenomen zakpercentages",
    "pass mark set by standard setting on %(date)s, panel of %(n)d":
        "cesuur vastgesteld met cesuurbepaling op %(date)s, panel van %(n)d",
    "pass mark set by L&D without standard setting": "cesuur vastgesteld door L&D zonder cesuurbepaling",
    "pass mark basis": "onderbouwing cesuur",
    # services and views
    "There is no standard-setting round %(id)s.": "Er is geen cesuurbepalingsronde %(id)s.",
    "The exam %(exam)s has no approved questions to rate.":
        "De toets %(exam)s heeft geen goedgekeurde vragen om te beoordelen.",
    "You are not on the panel of this round.": "Je zit niet in het panel van deze ronde.",
    "Give the closing date as a date (YYYY-MM-DD).": "Geef de sluitingsdatum als datum (JJJJ-MM-DD).",
    "The closing date cannot be in the past.": "De sluitingsdatum kan niet in het verleden liggen.",
    "Round opened: invite the panel members now.": "Ronde geopend: nodig nu de panelleden uit.",
    "Observed fail rates from %(n)d finished attempts.": "Waargenomen zakpercentages uit %(n)d afgeronde pogingen.",
    "Acceptable pass mark %(a)s to %(b)s, acceptable fail rate %(c)s to %(d)s.":
        "Aanvaardbare cesuur %(a)s tot %(b)s, aanvaardbaar zakpercentage %(c)s tot %(d)s.",
    "Hofstee cut: %(cut)s.": "Hofstee-cesuur: %(cut)s.",
    "Angoff cut: %(cut)s.": "Angoff-cesuur: %(cut)s.",
    "Hofstee compromise": "Hofstee-compromis",
    "Fail rate": "Zakpercentage",
    "observed fail rate": "waargenomen zakpercentage",
    "compromise line": "compromislijn",
    "Angoff cut": "Angoff-cesuur",
    "%(name)s is on the panel.": "%(name)s zit in het panel.",
    "%(name)s was already on the panel.": "%(name)s zat al in het panel.",
    "The round is closed: the ratings no longer change.":
        "De ronde is gesloten: de inschattingen veranderen niet meer.",
    "The cut is saved as version %(v)d of the exam (draft); another L&D member approves it.":
        "De cesuur is opgeslagen als versie %(v)d van de toets (concept); een andere L&D-medewerker keurt deze goed.",
    "Give each rating and each Hofstee answer as a percentage from 0 to 100 (%(n)d fields are not).":
        "Geef elke inschatting en elk Hofstee-antwoord als percentage van 0 tot 100 (%(n)d velden zijn dat niet).",
    "Your ratings are submitted. Thank you.": "Je inschattingen zijn ingediend. Dank je wel.",
    "Your ratings are saved.": "Je inschattingen zijn opgeslagen.",
    # navigation and the exam edit page
    "Standard setting": "Cesuurbepaling",
    "My panel rounds": "Mijn panelrondes",
    "What candidates see of their result": "Wat kandidaten van hun resultaat zien",
    "Each level includes the ones before it: the verdict only, the total score, the scores per competence with what "
    "to study, the correct answers with their explanation.":
        "Elk niveau omvat de vorige: alleen de uitslag, de totaalscore, de scores per competentie met wat je kunt "
        "bestuderen, de juiste antwoorden met uitleg.",
    "the verdict only": "alleen de uitslag",
    "the total score": "de totaalscore",
    "scores per competence and what to study": "scores per competentie en wat je kunt bestuderen",
    "the correct answers and why": "de juiste antwoorden en waarom",
    "After a failed attempt (a retake is still possible)": "Na een niet-geslaagde poging (herkansen kan nog)",
    "After a pass": "Na slagen",
    "Once no retake of this exam is possible": "Zodra herkansen van deze toets niet meer kan",
    # the result page
    "Read these policy clauses again: %(clauses)s": "Lees deze beleidsartikelen nog eens: %(clauses)s",
    "Your questions": "Jouw vragen",
    "The correct answers are not shown while you may still take this exam again.":
        "De juiste antwoorden worden niet getoond zolang je deze toets nog opnieuw mag maken.",
    "The correct answers of this exam are not shown.": "De juiste antwoorden van deze toets worden niet getoond.",
    # the panel's pages
    "You are on the standard-setting panel: you see the questions with their correct answers to judge them. Keep "
    "them to yourself.":
        "Je zit in het panel voor de cesuurbepaling: je ziet de vragen met de juiste antwoorden om ze te beoordelen. "
        "Houd ze voor jezelf.",
    "Ratings close on": "Inschattingen sluiten op",
    "Your ratings": "Jouw inschattingen",
    "submitted on %(date)s": "ingediend op %(date)s",
    "not submitted yet": "nog niet ingediend",
    "You have not been invited to a round.": "Je bent nog niet voor een ronde uitgenodigd.",
    "Rate the questions": "Vragen beoordelen",
    "Rate the questions of %(exam)s": "Beoordeel de vragen van %(exam)s",
    "For each question, estimate the chance (0–100%%) that a minimally competent employee — someone who just "
    "deserves the diploma at this level — answers it correctly. For a question with partial credit, estimate the "
    "score such an employee gets on average. Save as you go; submit when you have rated every question. Ratings "
    "close on %(date)s.":
        "Schat per vraag de kans (0–100%%) dat een minimaal competente medewerker – iemand die het diploma op dit "
        "niveau nét verdient – de vraag goed beantwoordt. Bij een vraag met deelscores schat je de gemiddelde score "
        "van zo'n medewerker. Sla tussendoor op; dien in als je elke vraag hebt beoordeeld. Inschattingen sluiten op "
        "%(date)s.",
    "Your ratings are not submitted yet": "Je inschattingen zijn nog niet ingediend",
    "Question %(n)d": "Vraag %(n)d",
    "Chance a minimally competent employee answers correctly (%%)":
        "Kans dat een minimaal competente medewerker dit goed beantwoordt (%%)",
    "The acceptable pass mark and fail rate (Hofstee)":
        "De aanvaardbare cesuur en het aanvaardbare zakpercentage (Hofstee)",
    "Lowest acceptable pass mark (%%)": "Laagste aanvaardbare cesuur (%%)",
    "Highest acceptable pass mark (%%)": "Hoogste aanvaardbare cesuur (%%)",
    "Lowest acceptable share of employees who fail (%%)": "Laagste aanvaardbare aandeel medewerkers dat zakt (%%)",
    "Highest acceptable share of employees who fail (%%)": "Hoogste aanvaardbare aandeel medewerkers dat zakt (%%)",
    "Submit my ratings": "Mijn inschattingen indienen",
    # L&D's round page
    "Standard-setting round": "Cesuurbepalingsronde",
    "Standard setting for %(exam)s": "Cesuurbepaling voor %(exam)s",
    "round %(n)d": "ronde %(n)d",
    "%(n)d questions; ratings close on %(date)s.": "%(n)d vragen; inschattingen sluiten op %(date)s.",
    "The cut became version %(v)d of the exam.": "De cesuur is versie %(v)d van de toets geworden.",
    "Panel": "Panel",
    "Panel member": "Panellid",
    "Ratings": "Inschattingen",
    "Their cut": "Eigen cesuur",
    "Nobody is on the panel yet.": "Er zit nog niemand in het panel.",
    "%(done)d of %(n)d panel members have submitted.": "%(done)d van de %(n)d panelleden hebben ingediend.",
    "Invite a panel member: employee number, e-mail address or LMS user id":
        "Nodig een panellid uit: personeelsnummer, e-mailadres of gebruikers-id in de LMS",
    "Only people with the role standard-setting panel member (Governance → Roles) can be invited.":
        "Alleen mensen met de rol panellid cesuurbepaling (Governance → Rollen) kunnen worden uitgenodigd.",
    "Invite": "Uitnodigen",
    "Close the round": "Ronde sluiten",
    "Results": "Resultaten",
    "Angoff cut (mean of the panel members' cuts)": "Angoff-cesuur (gemiddelde van de cesuren van de panelleden)",
    "pass mark %(mark)d%%": "cesuur %(mark)d%%",
    "Standard error (SD / √N)": "Standaardfout (SD / √N)",
    "SD %(sd)s, N = %(n)d": "SD %(sd)s, N = %(n)d",
    "Angoff cut within the Hofstee limits": "Angoff-cesuur binnen de Hofstee-grenzen",
    "Only %(n)d panel members submitted; at least %(min)d are advised. Adopting this cut needs a reason.":
        "Slechts %(n)d panelleden hebben ingediend; minstens %(min)d worden aanbevolen. Voor het overnemen van deze "
        "cesuur is een reden nodig.",
    "The observed fail rate per pass mark, the panel's acceptable limits (dashed rectangle), the compromise line and "
    "the Angoff cut.":
        "Het waargenomen zakpercentage per cesuur, de aanvaardbare grenzen van het panel (gestippelde rechthoek), de "
        "compromislijn en de Angoff-cesuur.",
    "Ratings per question": "Inschattingen per vraag",
    "Mean": "Gemiddelde",
    "SD": "SD",
    "large disagreement": "grote onenigheid",
    "Large disagreement: the ratings' SD is %(sd)s or more; discuss these questions with the panel before adopting.":
        "Grote onenigheid: de SD van de inschattingen is %(sd)s of meer; bespreek deze vragen met het panel voordat "
        "je de cesuur overneemt.",
    "Adopt the cut": "Cesuur overnemen",
    "The exam gets a new version with pass mark %(mark)d%%, recorded as set by this round. Another L&D member "
    "approves it under Exams.":
        "De toets krijgt een nieuwe versie met cesuur %(mark)d%%, vastgelegd als bepaald door deze ronde. Een andere "
        "L&D-medewerker keurt die goed onder Toetsen.",
    "Reason (needed when the panel is small)": "Reden (nodig bij een klein panel)",
    "Adopt as new exam version": "Overnemen als nieuwe toetsversie",
    "A panel of experts judges, per question, how likely a minimally competent employee answers it correctly "
    "(modified Angoff). Their judgements give a pass mark with a reason; the Hofstee questions check it against the "
    "fail rates the panel finds acceptable.":
        "Een panel van deskundigen schat per vraag hoe waarschijnlijk het is dat een minimaal competente medewerker "
        "die goed beantwoordt (gemodificeerde Angoff-methode). Die inschattingen geven een onderbouwde cesuur; de "
        "Hofstee-vragen toetsen die aan de zakpercentages die het panel aanvaardbaar vindt.",
    "Open a round": "Een ronde openen",
    "Open the round": "Ronde openen",
    "Rounds": "Rondes",
    "Opened by": "Geopend door",
    "version %(v)d": "versie %(v)d",
    "No rounds yet.": "Nog geen rondes.",
}
