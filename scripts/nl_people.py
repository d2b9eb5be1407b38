"""Dutch for the People list's search, filters, sort and pages (apply with ``scripts/translate.py``)."""

NL = {
    "“%(value)s” for %(name)s is not a page number. Give a whole number from 1 upwards.":
        "“%(value)s” bij %(name)s is geen paginanummer. Geef een heel getal vanaf 1.",
    "Search": "Zoeken",
    "Sort by": "Sorteren op",
    "Order": "Volgorde",
    "Per page": "Per pagina",
    "Page": "Pagina",
    "Days late": "Dagen te laat",
    "Search and filter people": "Mensen zoeken en filteren",
    "Name, employee number or e-mail": "Naam, personeelsnummer of e-mailadres",
    "ascending": "oplopend",
    "descending": "aflopend",
    ("%(num)d person", "%(num)d people"): ("%(num)d persoon", "%(num)d mensen"),
    "page %(page)d of %(pages)d": "pagina %(page)d van %(pages)d",
    "Nobody on this page.": "Niemand op deze pagina.",
    "First page": "Eerste pagina",
    "Nobody matches.": "Niemand voldoet hieraan.",
}
