"""Dutch for issue 14's start page, preview, submit confirmation, flags for later and times in words
(apply with ``python scripts/translate.py scripts/nl_start.py``). Plural messages are keyed by
(singular, plural) and translated as (singular, plural)."""

NL: dict[object, object] = {
    # the start page and the preview (templates/delivery/_rules.html, start.html, preview.html)
    "What to expect": "Wat je kunt verwachten",
    ("%(num)d question.", "%(num)d questions."): ("%(num)d vraag.", "%(num)d vragen."),
    "You may answer them in any order, go back and change an answer, and flag a question to look at again before "
    "you submit.": "Je mag ze in elke volgorde beantwoorden, teruggaan om een antwoord te wijzigen en een vraag "
                   "markeren om er voor het inleveren nog eens naar te kijken.",
    "Time: %(minutes)d minutes.": "Tijd: %(minutes)d minuten.",
    "This includes %(extra)d extra minutes granted to you.":
        "Daarin zitten de %(extra)d extra minuten die je hebt gekregen.",
    "The time starts when you press Start and keeps running if you close the page; open the exam again from your "
    "course to continue.": "De tijd begint zodra je op Start drukt en loopt door als je de pagina sluit; open de "
                          "toets opnieuw vanuit je cursus om verder te gaan.",
    "When the time runs out, the exam is closed: the answers you have given count and unanswered questions score no "
    "points.": "Als de tijd om is, wordt de toets gesloten: de antwoorden die je hebt gegeven tellen mee en "
               "onbeantwoorde vragen leveren geen punten op.",
    "There is no time limit.": "Er is geen tijdslimiet.",
    "To pass you need %(mark)d%% of the points.": "Om te slagen heb je %(mark)d%% van de punten nodig.",
    ("Each person may make %(num)d attempt.", "Each person may make %(num)d attempts."):
        ("Iedereen mag %(num)d poging doen.", "Iedereen mag %(num)d pogingen doen."),
    ("You may make %(num)d attempt in total.", "You may make %(num)d attempts in total."):
        ("Je mag in totaal %(num)d poging doen.", "Je mag in totaal %(num)d pogingen doen."),
    ("After an attempt you did not pass, you wait %(num)d day before the next one.",
     "After an attempt you did not pass, you wait %(num)d days before the next one."):
        ("Na een poging waarvoor je niet bent geslaagd, wacht je %(num)d dag tot de volgende.",
         "Na een poging waarvoor je niet bent geslaagd, wacht je %(num)d dagen tot de volgende."),
    "Afterwards, if you pass, you see %(what)s; if you do not pass, you see %(other)s.":
        "Na afloop zie je, als je geslaagd bent, %(what)s; ben je niet geslaagd, dan zie je %(other)s.",
    "whether you passed": "of je geslaagd bent",
    "whether you passed and your score": "of je geslaagd bent en je score",
    "your score per competence and what to study next": "je score per competentie en wat je nog moet bestuderen",
    "every question with your answer, the correct answer and why":
        "elke vraag met je antwoord, het juiste antwoord en de uitleg",
    "You can switch between Nederlands and English at any time with the buttons at the top of the page; your answers "
    "are kept.": "Je kunt altijd wisselen tussen Nederlands en English met de knoppen bovenaan de pagina; je "
                 "antwoorden blijven bewaard.",
    "Your time starts when you press Start.": "Je tijd begint zodra je op Start drukt.",
    "The exam begins when you press Start.": "De toets begint zodra je op Start drukt.",
    "Start the exam": "Start de toets",
    "You cannot start this exam now": "Je kunt deze toets nu niet starten",
    "You have passed this exam.": "Je bent voor deze toets geslaagd.",
    "See your certificate in My AI diploma": "Bekijk je certificaat in Mijn AI-diploma",
    "After an attempt you did not pass, you wait before the next one. You can start again on %(when)s "
    "(%(from_now)s).": "Na een poging waarvoor je niet bent geslaagd, wacht je even tot de volgende. Je kunt "
                       "opnieuw starten op %(when)s (%(from_now)s).",
    "See the result of your last attempt": "Bekijk de uitslag van je laatste poging",
    "This session was not opened from an exam. Open the exam from your course in the LMS.":
        "Deze sessie is niet vanuit een toets geopend. Open de toets vanuit je cursus in het LMS.",
    "Preview": "Voorbeeld",
    "Preview the exam": "Toets bekijken",
    "Preview the exam as a candidate sees it (starts no attempt)":
        "Bekijk de toets zoals een deelnemer hem ziet (start geen poging)",
    "This is what a candidate sees before starting. Opening this preview starts no attempt and records nothing.":
        "Dit ziet een deelnemer voordat hij of zij begint. Dit voorbeeld start geen poging en legt niets vast.",
    "Take this exam yourself": "Zelf deze toets maken",
    "A sample form": "Een voorbeeldversie",
    "One form as the exam could draw it now (every candidate gets their own draw). The answers cannot be given here.":
        "Eén versie zoals de toets die nu zou kunnen samenstellen (elke deelnemer krijgt een eigen trekking). "
        "Hier kun je geen antwoorden geven.",
    "The questions themselves are shown only to those who may read the question bank.":
        "De vragen zelf ziet alleen wie de vragenbank mag inzien.",
    # the questions, the review and the submit confirmation
    "Flag this question to look at again before submitting": "Markeer deze vraag om er voor het inleveren nog eens "
                                                             "naar te kijken",
    "flagged for later": "gemarkeerd voor later",
    "%(n)s min": "%(n)s min",
    ("You flagged %(num)d question to look at again.", "You flagged %(num)d questions to look at again."):
        ("Je hebt %(num)d vraag gemarkeerd om nog eens naar te kijken.",
         "Je hebt %(num)d vragen gemarkeerd om nog eens naar te kijken."),
    "Submit the exam?": "Toets inleveren?",
    ("%(num)d question is not answered:", "%(num)d questions are not answered:"):
        ("%(num)d vraag is niet beantwoord:", "%(num)d vragen zijn niet beantwoord:"),
    ("You flagged %(num)d question to look at again:", "You flagged %(num)d questions to look at again:"):
        ("Je hebt %(num)d vraag gemarkeerd om nog eens naar te kijken:",
         "Je hebt %(num)d vragen gemarkeerd om nog eens naar te kijken:"),
    "Question %(n)d": "Vraag %(n)d",
    "Unanswered questions score no points.": "Onbeantwoorde vragen leveren geen punten op.",
    "Yes, submit the exam": "Ja, toets inleveren",
    "No, back to the questions": "Nee, terug naar de vragen",
    # the result and times in words (lti_tool/delivery/times.py)
    "You can take the exam again on %(when)s (%(from_now)s). Open it from your course in the LMS.":
        "Je kunt de toets opnieuw maken op %(when)s (%(from_now)s). Open de toets vanuit je cursus in het LMS.",
    "in %(duration)s": "over %(duration)s",
}
