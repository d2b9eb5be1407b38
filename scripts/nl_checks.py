"""Dutch for the item-writing checks, the answer key for reviewers and the bank balance (issue 13)."""

NL = {
    # findings (lti_tool/authoring/findings.py)
    "The correct option is clearly the longest (%(chars)d characters, the longest other option %(other)d): "
    "candidates pick the longest option to guess. Shorten it or lengthen the others.":
        "Het juiste antwoord is duidelijk het langste (%(chars)d tekens, het langste andere antwoord %(other)d): "
        "kandidaten gokken op het langste antwoord. Maak het korter of de andere langer.",
    "The correct option is clearly the shortest (%(chars)d characters, the shortest other option %(other)d). "
    "Make the options about as long as each other.":
        "Het juiste antwoord is duidelijk het kortste (%(chars)d tekens, het kortste andere antwoord %(other)d). "
        "Maak de antwoorden ongeveer even lang.",
    "The correct options are systematically longer than the wrong ones (on average %(correct)d against %(wrong)d "
    "characters).":
        "De juiste antwoorden zijn stelselmatig langer dan de onjuiste (gemiddeld %(correct)d tegen %(wrong)d tekens).",
    "The correct options are systematically shorter than the wrong ones (on average %(correct)d against %(wrong)d "
    "characters).":
        "De juiste antwoorden zijn stelselmatig korter dan de onjuiste (gemiddeld %(correct)d tegen %(wrong)d tekens).",
    "“%(phrase)s” as an option: candidates can reason it out from two options without knowing the rest. "
    "Use a full option instead.":
        "“%(phrase)s” als antwoord: kandidaten kunnen het afleiden uit twee antwoorden zonder de rest te kennen. "
        "Gebruik liever een volwaardig antwoord.",
    "An absolute word (%(words)s) appears only in wrong options, which gives them away.":
        "Een absoluut woord (%(words)s) staat alleen in onjuiste antwoorden en verraadt ze daardoor.",
    "A hedging word (%(words)s) appears only in the correct answer, which gives it away.":
        "Een voorzichtig woord (%(words)s) staat alleen in het juiste antwoord en verraadt het daardoor.",
    "The question is put negatively (%(words)s) without emphasis: write it positively, or put the negation in "
    "capitals or bold.":
        "De vraag is ontkennend gesteld (%(words)s) zonder nadruk: stel haar positief, of zet de ontkenning in "
        "hoofdletters of vet.",
    "%(count)d options; this type works best with %(low)d to %(high)d.":
        "%(count)d antwoorden; dit vraagtype werkt het best met %(low)d tot %(high)d.",
    "The Dutch and English %(where)s differ a lot in length (%(nl)d against %(en)d characters): check that both "
    "say the same.":
        "De Nederlandse en Engelse %(where)s verschillen sterk in lengte (%(nl)d tegen %(en)d tekens): controleer "
        "of beide hetzelfde zeggen.",
    "The correct answer repeats %(key_words)d words of the question, the other options at most %(other_words)d: "
    "candidates can match words instead of knowing the answer.":
        "Het juiste antwoord herhaalt %(key_words)d woorden uit de vraag, de andere antwoorden hooguit "
        "%(other_words)d: kandidaten kunnen woorden vergelijken in plaats van het antwoord te weten.",
    "The statement is false and contains an absolute word (%(words)s): candidates guess “false” for such "
    "statements.":
        "De stelling is onwaar en bevat een absoluut woord (%(words)s): kandidaten gokken bij zulke stellingen "
        "op “onwaar”.",
    "The statement is true and contains a hedging word (%(words)s): candidates guess “true” for such statements.":
        "De stelling is waar en bevat een voorzichtig woord (%(words)s): kandidaten gokken bij zulke stellingen "
        "op “waar”.",
    "The correct answer is not spread evenly over the positions (%(shares)s of %(n)d single-choice questions; "
    "p = %(p)s).":
        "Het juiste antwoord is niet gelijk over de posities verdeeld (%(shares)s van %(n)d vragen met "
        "enkelvoudige keuze; p = %(p)s).",
    "%(share)s of the %(n)d true/false statements are true: keep it near half.":
        "%(share)s van de %(n)d juist/onjuist-stellingen is waar: houd dat rond de helft.",
    "%(share)s of the multiple-response questions have exactly %(count)d correct options: vary the number.":
        "%(share)s van de vragen met meervoudige keuze heeft precies %(count)d juiste antwoorden: wissel het "
        "aantal af.",
    "question text": "vraagteksten",
    "option": "antwoorden",
    "left-hand item": "linkerdelen",
    "right-hand item": "rechterdelen",
    "warning": "waarschuwing",
    "problem": "probleem",
    "option %(key)s": "antwoord %(key)s",
    # submitting for review (lti_tool/errors.py)
    "The item-writing checks found %(count)d problems (cues that give the answer away). Solve them in a new "
    "draft, then send it for review.":
        "De controle op vraagconstructie vond %(count)d problemen (aanwijzingen die het antwoord verraden). Los ze "
        "op in een nieuw concept en bied dat daarna ter beoordeling aan.",
    # templates
    "Item-writing checks": "Controle op vraagconstructie",
    "Solve the problems before sending the question for review; warnings do not block.":
        "Los de problemen op voordat je de vraag ter beoordeling aanbiedt; waarschuwingen houden niets tegen.",
    "No cues found: the length, wording and number of the options give nothing away.":
        "Geen aanwijzingen gevonden: de lengte, formulering en het aantal antwoorden verraden niets.",
    "Answer key": "Antwoordsleutel",
    "Options with their key and feedback": "Antwoorden met sleutel en feedback",
    "Option": "Antwoord",
    "Correct?": "Juist?",
    "Text": "Tekst",
    "Feedback": "Feedback",
    "wrong": "onjuist",
    "Scoring: all or nothing.": "Score: alles of niets.",
    "The correct order:": "De juiste volgorde:",
    "The correct order": "De juiste volgorde",
    "Position": "Positie",
    "The correct pairs": "De juiste paren",
    "Correct answer: %(answer)s, tolerance ± %(tolerance)s": "Juiste antwoord: %(answer)s, marge ± %(tolerance)s",
    "with item-writing findings": "met bevindingen over de vraagconstructie",
    "%(n)d with item-writing findings": "%(n)d met bevindingen over de vraagconstructie",
    "%(n)d problems": "%(n)d problemen",
    "%(n)d warnings": "%(n)d waarschuwingen",
    "Balance of the approved questions per level": "Balans van de goedgekeurde vragen per niveau",
    "Correct answer per position (single choice)": "Juiste antwoord per positie (enkelvoudige keuze)",
    "True/false: answer is true": "Juist/onjuist: antwoord is waar",
    "Multiple response: number of correct options": "Meervoudige keuze: aantal juiste antwoorden",
    "Findings": "Bevindingen",
    "%(true)d of %(n)d": "%(true)d van %(n)d",
    "%(count)d correct: %(n)d": "%(count)d juist: %(n)d",
    "balanced": "in balans",
    "The findings do not stop the import: the questions arrive as drafts. Solve the problems before sending them "
    "for review.":
        "De bevindingen houden de import niet tegen: de vragen komen binnen als concept. Los de problemen op "
        "voordat je ze ter beoordeling aanbiedt.",
}
