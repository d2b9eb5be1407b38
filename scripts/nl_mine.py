"""Dutch for *My AI diploma* and the team page (issue 14, item 2), for scripts/translate.py."""

NL = {
    "valid, recertification required": "geldig, hercertificering vereist",
    "left the organisation": "uit dienst",
    "You may open the diploma page of your own team members only.":
        "Je mag alleen de diplomapagina van je eigen teamleden openen.",
    "What is required": "Wat er van je wordt gevraagd",
    "Left the organisation: no level is required any more.": "Uit dienst: er is geen niveau meer vereist.",
    "The role matrix requires no level of this function group and risk class.":
        "De rollenmatrix vraagt van deze functiegroep en risicoklasse geen niveau.",
    "Required level": "Vereist niveau",
    "for function group %(group)s in risk class %(risk)s": "voor functiegroep %(group)s in risicoklasse %(risk)s",
    "for function group %(group)s": "voor functiegroep %(group)s",
    "for risk class %(risk)s": "voor risicoklasse %(risk)s",
    "for everybody": "voor iedereen",
    "the end of the onboarding term: %(months)d months after the hire date":
        "het einde van de inwerkperiode: %(months)d maanden na de datum in dienst",
    "in the onboarding term": "in de inwerkperiode",
    "Progress": "Voortgang",
    "Meets the requirement.": "Voldoet aan de eis.",
    "Renew before %(date)s.": "Vernieuwen vóór %(date)s.",
    ("%(num)d day late", "%(num)d days late"): ("%(num)d dag te laat", "%(num)d dagen te laat"),
    ("%(num)d day left", "%(num)d days left"): ("nog %(num)d dag", "nog %(num)d dagen"),
    "Take the exam": "De toets maken",
    "The exam can be taken again from %(date)s.": "De toets kan opnieuw worden gemaakt vanaf %(date)s.",
    "All attempts at this exam are used. L&D can advise on further training and a new opportunity.":
        "Alle pogingen voor deze toets zijn gebruikt. L&D kan adviseren over verdere training en een nieuwe kans.",
    "Open “%(exam)s” in the course “%(course)s” in the LMS.": "Open „%(exam)s” in de cursus „%(course)s” in het LMS.",
    "AI diploma exam": "AI-diplomatoets",
    "Open “%(exam)s” in the LMS.": "Open „%(exam)s” in het LMS.",
    "The exam for this level is not placed in a course yet. Ask L&D or your manager in which LMS course to take it.":
        "De toets voor dit niveau staat nog in geen cursus. Vraag L&D of je leidinggevende in welke LMS-cursus je "
        "hem maakt.",
    "What to study": "Wat je kunt bestuderen",
    "From the last exam, %(exam)s on %(date)s:": "Uit de laatste toets, %(exam)s op %(date)s:",
    "See the result": "Bekijk het resultaat",
    "The feedback policy of this exam shows no scores per competence after this attempt.":
        "Het feedbackbeleid van deze toets toont na deze poging geen scores per competentie.",
    "Certificates": "Certificaten",
    "Certificates and their state": "Certificaten en hun status",
    "State": "Status",
    "Details": "Toelichting",
    "Revoked on %(date)s. Reason: %(reason)s": "Ingetrokken op %(date)s. Reden: %(reason)s",
    "none given": "niet opgegeven",
    "A recertification decision brought the end forward from %(until)s to %(due)s.":
        "Een hercertificeringsbesluit heeft het einde vervroegd van %(until)s naar %(due)s.",
    "Why: %(reason)s": "Waarom: %(reason)s",
    "policy clause %(clauses)s": "beleidsartikel %(clauses)s",
    "Recertify by %(date)s.": "Hercertificeren vóór %(date)s.",
    "History": "Geschiedenis",
    "Exam attempts, newest first": "Toetspogingen, nieuwste eerst",
    "time ran out": "tijd verstreken",
    "No exam taken yet.": "Nog geen toets gemaakt.",
    "My team": "Mijn team",
    "diploma page": "diplomapagina",
    "AI diploma of %(name)s": "AI-diploma van %(name)s",
    "Back to my team": "Terug naar mijn team",
    "Download the dossier for appraisal and development conversations (XLSX)":
        "Dossier voor beoordelings- en ontwikkelgesprekken downloaden (XLSX)",
    "My team's AI diploma": "AI-diploma van mijn team",
    "Team members and their diploma": "Teamleden en hun diploma",
    "Nobody in your team yet: the HR file names the members.":
        "Nog niemand in je team: het HR-bestand noemt de teamleden.",
}
