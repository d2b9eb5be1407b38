"""Dutch for the plain Moodle GIFT import (issue 15): ``python scripts/translate.py scripts/nl_gift.py``."""

NL = {
    # what the import assumed for a plain Moodle question (assessments/problem_texts.py)
    "key '%(key)s' made from the question name '%(name)s'":
        "sleutel '%(key)s' gemaakt van de vraagnaam '%(name)s'",
    "key '%(key)s' made from the question text (the question has no name)":
        "sleutel '%(key)s' gemaakt van de vraagtekst (de vraag heeft geen naam)",
    "competence '%(value)s', as chosen for the whole file":
        "competentie '%(value)s', zoals gekozen voor het hele bestand",
    "level '%(value)s', as chosen for the whole file":
        "niveau '%(value)s', zoals gekozen voor het hele bestand",
    "competence '%(value)s', from the category '%(category)s'":
        "competentie '%(value)s', uit de categorie '%(category)s'",
    "level '%(value)s', from the category '%(category)s'":
        "niveau '%(value)s', uit de categorie '%(category)s'",
    "the texts are taken as Dutch; the English translation is still to be written in the draft before it can be "
    "sent for review":
        "de teksten zijn als Nederlands gelezen; de Engelse vertaling moet nog in het concept worden geschreven "
        "voordat het ter beoordeling kan worden aangeboden",
    "the texts are taken as English; the Dutch translation is still to be written in the draft before it can be "
    "sent for review":
        "de teksten zijn als Engels gelezen; de Nederlandse vertaling moet nog in het concept worden geschreven "
        "voordat het ter beoordeling kan worden aangeboden",
    "no general feedback (####): write the rationale in the draft":
        "geen algemene feedback (####): schrijf de toelichting in het concept",
    # the item-writing finding for a text missing in one language (lti_tool/authoring/findings.py)
    "The question text is missing in this language: translate it before sending the question for review.":
        "De vraagtekst ontbreekt in deze taal: vertaal hem voordat je de vraag ter beoordeling aanbiedt.",
    "The rationale is missing in this language: write it before sending the question for review.":
        "De toelichting ontbreekt in deze taal: schrijf hem voordat je de vraag ter beoordeling aanbiedt.",
    "The option text is missing in this language: translate it before sending the question for review.":
        "De tekst van het antwoord ontbreekt in deze taal: vertaal hem voordat je de vraag ter beoordeling "
        "aanbiedt.",
    "The left-hand item of pair %(pair)s is missing in this language: translate it before sending the question "
    "for review.":
        "Het linkerdeel van paar %(pair)s ontbreekt in deze taal: vertaal het voordat je de vraag ter beoordeling "
        "aanbiedt.",
    "The right-hand item of pair %(pair)s is missing in this language: translate it before sending the question "
    "for review.":
        "Het rechterdeel van paar %(pair)s ontbreekt in deze taal: vertaal het voordat je de vraag ter beoordeling "
        "aanbiedt.",
    # the import form and preview (lti_tool/authoring/transfer.py and its templates)
    "Unknown language.": "Onbekende taal.",
    "Unknown competence or level.": "Onbekende competentie of onbekend niveau.",
    "Plain Moodle GIFT (questions without our metadata)": "Moodle-GIFT zonder metadata (vragen uit Moodle zelf)",
    "A question exported from Moodle has its texts in one language and no competence or level. It becomes a draft "
    "in that language; the other language is written in the draft before it can be sent for review.":
        "Een vraag die uit Moodle is geëxporteerd, heeft zijn teksten in één taal en geen competentie of niveau. "
        "Hij wordt een concept in die taal; de andere taal schrijf je in het concept voordat het ter beoordeling "
        "kan worden aangeboden.",
    "Language of the texts": "Taal van de teksten",
    "from the file's $CATEGORY": "uit de $CATEGORY van het bestand",
    "Assumed": "Aangenomen",
    "The file is plain Moodle GIFT: what it does not say was assumed as shown. Check it before you import; the "
    "drafts can be corrected afterwards.":
        "Het bestand is Moodle-GIFT zonder metadata: wat er niet in staat, is aangenomen zoals hierboven. "
        "Controleer dat voordat je importeert; de concepten kun je daarna nog verbeteren.",
}
