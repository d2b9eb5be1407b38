"""Dutch for the monitoring page (issue 15 part 6) and the answers to remarks on the rollout."""

NL = {
    "remark on the rollout answered": "opmerking over de uitrol beantwoord",
    "Write an answer or mark the remark as handled.": "Schrijf een antwoord of markeer de opmerking als afgehandeld.",
    "There is no such remark.": "Deze opmerking bestaat niet.",
    "Your answer was saved.": "Uw antwoord is opgeslagen.",
    "The first period (%(start)s) comes after the last one (%(end)s); swap them.":
        "De eerste periode (%(start)s) komt na de laatste (%(end)s); draai ze om.",
    "all departments": "alle afdelingen",
    "no department": "geen afdeling",
    "Started": "Begonnen",
    "Finished": "Afgerond",
    "Participation (%)": "Deelname (%)",
    "Pass rate (%)": "Slagingspercentage (%)",
    "Periods": "Perioden",
    "Hidden": "Verborgen",
    "empty cells: fewer than %(n)d people, or a figure they could be worked out from":
        "lege cellen: minder dan %(n)d mensen, of een getal waaruit dat te berekenen is",
    "no role": "geen rol",
    "handled": "afgehandeld",
    "Answer by %(who)s (L&D), %(when)s:": "Antwoord van %(who)s (L&D), %(when)s:",
    "Answer": "Antwoord",
    "Handled": "Afgehandeld",
    "Save answer": "Antwoord opslaan",
    "At most 4000 characters. The works council, the board, managers and auditors see each other's remarks; L&D "
    "answers them.":
        "Hoogstens 4000 tekens. De ondernemingsraad, de directie, managers en auditors zien elkaars opmerkingen; "
        "L&D beantwoordt ze.",
    "Monitoring": "Monitoring",
    "Monitoring of the exams": "Monitoring van de toetsen",
    "Participation: people who started the exam in the period, divided by the people of the department the role "
    "matrix requires its level of. Pass rate: people who passed, divided by the people who finished it.":
        "Deelname: mensen die in de periode aan de toets begonnen, gedeeld door de mensen van de afdeling van wie "
        "de rollenmatrix dat niveau vraagt. Slagingspercentage: mensen die slaagden, gedeeld door de mensen die het "
        "toets afrondden.",
    "Aggregates only: numbers for groups smaller than %(n)d people are hidden (—), and so are numbers that would "
    "let them be calculated. Figures are published per completed quarter.":
        "Alleen totalen: getallen voor groepen kleiner dan %(n)d mensen zijn verborgen (—), en ook getallen waaruit "
        "ze te berekenen zijn. Cijfers verschijnen per afgesloten kwartaal.",
    "quarter": "kwartaal",
    "month": "maand",
    "Download this table as CSV": "Deze tabel downloaden als CSV",
    "No exams to show.": "Geen toetsen om te tonen.",
    "Participation and pass rate": "Deelname en slagingspercentage",
    "Participation": "Deelname",
    "Pass rate": "Slagingspercentage",
}
