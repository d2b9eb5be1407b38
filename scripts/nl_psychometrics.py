# ruff: noqa: E501 - one message per line, as the catalogue has them
"""Dutch for the exam quality report (psychometrics); applied with scripts/translate.py."""

NL = {
    "Too few finished attempts to calibrate this level: %(attempts)d, at least %(needed)d are needed for stable item parameters.":
        "Te weinig afgeronde pogingen om dit niveau te kalibreren: %(attempts)d, er zijn er minstens %(needed)d nodig voor stabiele itemparameters.",
    "Discrimination (item-rest)": "Onderscheidend vermogen (item-rest)",
    "Difficulty b": "Moeilijkheid b",
    "SE of b": "Standaardfout van b",
    "Discrimination a": "Onderscheidend vermogen a",
    "SE of a": "Standaardfout van a",
    "Infit": "Infit",
    "Outfit": "Outfit",
    "DIF Dutch/English delta": "DIF Nederlands/Engels delta",
    "DIF Dutch/English class": "DIF Nederlands/Engels klasse",
    "Answers in English": "Antwoorden in het Engels",
    "Answers in Dutch": "Antwoorden in het Nederlands",
    "DIF %(focal)s/%(reference)s delta": "DIF %(focal)s/%(reference)s delta",
    "DIF class": "DIF-klasse",
    "Attempts per score: %(list)s. Pass mark at %(cut)s points.":
        "Pogingen per score: %(list)s. Cesuur bij %(cut)s punten.",
    "Score distribution": "Scoreverdeling",
    "Score (points)": "Score (punten)",
    "pass mark": "cesuur",
    "Test information of a drawn form from ability −4 to 4: %(list)s.":
        "Toetsinformatie van een getrokken toets van vaardigheid −4 tot 4: %(list)s.",
    "The pass mark lies at ability %(theta)s.": "De cesuur ligt bij vaardigheid %(theta)s.",
    "Test information": "Toetsinformatie",
    "Ability (θ)": "Vaardigheid (θ)",
    "Information": "Informatie",
    "Chance of a correct answer by ability: %(list)s. Difficulty b = %(b)s: there the chance is 50%%.":
        "Kans op een goed antwoord per vaardigheid: %(list)s. Moeilijkheid b = %(b)s: daar is de kans 50%%.",
    "Item characteristic curve": "Itemkarakteristieke curve",
    "Chance correct": "Kans op goed",
    "There is no such exam version.": "Deze toetsversie bestaat niet.",
    "Choose department or location to compare groups.": "Kies afdeling of locatie om groepen te vergelijken.",
    "There are no candidates in the group %(group)s.": "Er zijn geen kandidaten in de groep %(group)s.",
    "Choose two different groups to compare.": "Kies twee verschillende groepen om te vergelijken.",
    "This question was not in any finished attempt of this exam version.":
        "Deze vraag kwam in geen enkele afgeronde poging van deze toetsversie voor.",
    "Choose a level and a model (Rasch or 2PL) to calibrate.": "Kies een niveau en een model (Rasch of 2PL) om te kalibreren.",
    "Tick the box to confirm: the draw of new exams will use the new difficulties.":
        "Vink het vakje aan om te bevestigen: nieuwe toetsen worden dan getrokken met de nieuwe moeilijkheden.",
    "Calibrated %(level)s with %(model)s: %(items)d questions from %(attempts)d attempts; %(excluded)d questions left out.":
        "%(level)s gekalibreerd met %(model)s: %(items)d vragen uit %(attempts)d pogingen; %(excluded)d vragen weggelaten.",
    "Dutch": "Nederlands",
    "English": "Engels",
    "The answers fit the model poorly (infit or outfit outside %(low)s–%(high)s): candidates of the same ability answer it more erratically, or more predictably, than the model expects. Check for ambiguity or a clue in the wording.":
        "De antwoorden passen slecht bij het model (infit of outfit buiten %(low)s–%(high)s): kandidaten met dezelfde vaardigheid beantwoorden de vraag grilliger, of voorspelbaarder, dan het model verwacht. Controleer op dubbelzinnigheid of een hint in de formulering.",
    "Stronger candidates do worse on this question than weaker ones: check the key.":
        "Sterkere kandidaten doen het op deze vraag slechter dan zwakkere: controleer de sleutel.",
    "Candidates answering in %(harder)s find this question harder than those of the same ability answering in %(easier)s (class C): check the translation.":
        "Kandidaten die in het %(harder)s antwoorden vinden deze vraag moeilijker dan kandidaten met dezelfde vaardigheid die in het %(easier)s antwoorden (klasse C): controleer de vertaling.",
    "Candidates answering in %(harder)s find this question somewhat harder at the same ability (class B): compare the two language versions.":
        "Kandidaten die in het %(harder)s antwoorden vinden deze vraag bij dezelfde vaardigheid iets moeilijker (klasse B): vergelijk de twee taalversies.",
    "Candidates in %(harder)s find this question harder than candidates in %(easier)s of the same ability (class C): check for knowledge or wording that depends on the group.":
        "Kandidaten in %(harder)s vinden deze vraag moeilijker dan kandidaten in %(easier)s met dezelfde vaardigheid (klasse C): controleer op kennis of formulering die van de groep afhangt.",
    "Candidates in %(harder)s find this question somewhat harder at the same ability (class B).":
        "Kandidaten in %(harder)s vinden deze vraag bij dezelfde vaardigheid iets moeilijker (klasse B).",
    "Exam quality": "Toetskwaliteit",
    "too few responses": "te weinig antwoorden",
    "not estimable": "niet te schatten",
    "%(n)d finished attempts, %(k)d questions per attempt, pass mark %(mark)s.":
        "%(n)d afgeronde pogingen, %(k)d vragen per poging, cesuur %(mark)s.",
    "How to read it: each bar is the number of attempts with that score; the dashed line is the pass mark. Many attempts just around the line mean many decisions that measurement error could turn.":
        "Zo lees je het: elke staaf is het aantal pogingen met die score; de stippellijn is de cesuur. Veel pogingen vlak rond de lijn betekent veel beslissingen die door meetfout kunnen omslaan.",
    "Reliability and measurement error": "Betrouwbaarheid en meetfout",
    "Not shown: fewer than %(n)d finished attempts. With so few, these numbers would mostly show chance.":
        "Niet getoond: minder dan %(n)d afgeronde pogingen. Met zo weinig zouden deze getallen vooral toeval laten zien.",
    "Reliability (Cronbach's α)": "Betrouwbaarheid (Cronbachs α)",
    "How consistently the questions of a drawn form measure the same thing, from 0 to 1. Each attempt gets its own form, so the questions of each attempt are treated as the test. For a pass/fail exam aim for 0.80 or more; below 0.70 the decision rests too much on chance.":
        "Hoe consequent de vragen van een getrokken toets hetzelfde meten, van 0 tot 1. Elke poging krijgt een eigen toets, dus de vragen van elke poging gelden als de toets. Streef bij een geslaagd/gezakt-toets naar 0,80 of meer; onder 0,70 hangt de beslissing te veel van toeval af.",
    "Standard error of measurement": "Standaardmeetfout",
    "points": "punten",
    "Retaking a comparable form, a candidate's score would typically differ by about this much.":
        "Bij een vergelijkbare herkansing verschilt de score van een kandidaat doorgaans ongeveer zoveel.",
    "Measurement error at the pass mark": "Meetfout bij de cesuur",
    "The same, for a candidate scoring exactly at the pass mark (Lord's binomial error model). A candidate within this distance of the pass mark could have gone either way.":
        "Hetzelfde, voor een kandidaat die precies op de cesuur scoort (binomiaal foutmodel van Lord). Een kandidaat binnen deze afstand van de cesuur had beide kanten op kunnen vallen.",
    "Decision consistency": "Beslissingsconsistentie",
    "The chance that a candidate gets the same decision (pass or fail) on a second, comparable form (Huynh's beta-binomial model, from this one administration).":
        "De kans dat een kandidaat op een tweede, vergelijkbare toets dezelfde beslissing krijgt (geslaagd of gezakt) (bèta-binomiaal model van Huynh, uit deze ene afname).",
    "Cohen's κ of the decision": "Cohens κ van de beslissing",
    "The decision consistency beyond what the pass rate alone would give by chance: 0 is no better than chance, 1 is perfect. Above 0.6 is usually considered good.":
        "De beslissingsconsistentie boven wat het slagingspercentage alleen bij toeval zou geven: 0 is niet beter dan toeval, 1 is perfect. Boven 0,6 geldt meestal als goed.",
    "Item response theory": "Itemresponstheorie",
    "No calibration of this level yet. L&D can calibrate it on the exam quality page once there are %(n)d finished attempts.":
        "Dit niveau is nog niet gekalibreerd. L&D kan het kalibreren op de pagina Toetskwaliteit zodra er %(n)d afgeronde pogingen zijn.",
    "Calibration used: %(model)s, run %(id)d of %(when)s, %(attempts)d attempts, %(items)d questions.":
        "Gebruikte kalibratie: %(model)s, run %(id)d van %(when)s, %(attempts)d pogingen, %(items)d vragen.",
    "Marginal reliability": "Marginale betrouwbaarheid",
    "The model's view of reliability over the attempts of this exam version; it should be close to α.":
        "De betrouwbaarheid volgens het model over de pogingen van deze toetsversie; die hoort dicht bij α te liggen.",
    "Ability at the pass mark (θ cut)": "Vaardigheid bij de cesuur (θ-cesuur)",
    "Standard error at the pass mark": "Standaardfout bij de cesuur",
    "How precisely a drawn form measures a candidate at the pass mark, on the ability scale (1/√information). Smaller is better; 0.4 or less is good for a pass/fail decision.":
        "Hoe nauwkeurig een getrokken toets een kandidaat bij de cesuur meet, op de vaardigheidsschaal (1/√informatie). Kleiner is beter; 0,4 of minder is goed voor een geslaagd/gezakt-beslissing.",
    "How to read it: the higher the curve, the more precisely a drawn form measures at that ability. For a pass/fail exam the peak should lie near the dashed line.":
        "Zo lees je het: hoe hoger de curve, hoe nauwkeuriger een getrokken toets bij die vaardigheid meet. Bij een geslaagd/gezakt-toets hoort de top dicht bij de stippellijn te liggen.",
    "Without parameters (too few answers in the calibration, or added since): %(keys)s.":
        "Zonder parameters (te weinig antwoorden in de kalibratie, of sindsdien toegevoegd): %(keys)s.",
    "Compare two groups of candidates": "Vergelijk twee groepen kandidaten",
    "Location": "Locatie",
    "Reference group": "Referentiegroep",
    "Focal group": "Focusgroep",
    "How to read it: facility is the share of the points scored (0–1); discrimination the correlation with the rest of the exam (below 0.2 is weak, negative suggests a wrong key). b is the difficulty on the ability scale (higher is harder), a how sharply the question separates candidates. Infit and outfit near 1 mean the answers fit the model; outside 0.7–1.3 the question deserves a look. DIF compares candidates of the same total score: Δ below 0 means harder for the focal group (Dutch, or the focal group you chose); class A is negligible, B moderate, C large. With fewer than %(n)d answers per group no DIF is computed.":
        "Zo lees je het: de p-waarde is het deel van de punten dat gescoord is (0–1); het onderscheidend vermogen de correlatie met de rest van de toets (onder 0,2 is zwak, negatief wijst op een verkeerde sleutel). b is de moeilijkheid op de vaardigheidsschaal (hoger is moeilijker), a hoe scherp de vraag kandidaten onderscheidt. Infit en outfit rond 1 betekenen dat de antwoorden bij het model passen; buiten 0,7–1,3 verdient de vraag aandacht. DIF vergelijkt kandidaten met dezelfde totaalscore: Δ onder 0 betekent moeilijker voor de focusgroep (Nederlands, of de focusgroep die je koos); klasse A is verwaarloosbaar, B matig, C groot. Met minder dan %(n)d antwoorden per groep wordt geen DIF berekend.",
    "Download CSV": "CSV downloaden",
    "Download Excel": "Excel downloaden",
    "Infit / outfit": "Infit / outfit",
    "DIF Dutch vs English": "DIF Nederlands tegen Engels",
    "DIF %(focal)s vs %(reference)s": "DIF %(focal)s tegen %(reference)s",
    "How well each exam version measures: reliability, measurement error around the pass mark, how consistent the pass/fail decision is, and per question its difficulty, fit and fairness between Dutch and English. Numbers appear from %(n)d finished attempts per exam version; below that they would mostly show chance.":
        "Hoe goed elke toetsversie meet: betrouwbaarheid, meetfout rond de cesuur, hoe consistent de beslissing geslaagd/gezakt is, en per vraag de moeilijkheid, de fit en de eerlijkheid tussen Nederlands en Engels. Getallen verschijnen vanaf %(n)d afgeronde pogingen per toetsversie; daaronder zouden ze vooral toeval laten zien.",
    "Exam versions": "Toetsversies",
    "Exam version": "Toetsversie",
    "Finished attempts": "Afgeronde pogingen",
    "Calibrations": "Kalibraties",
    "A calibration fits an item response model to all finished attempts of a level. The draw of new exams then uses each question's measured difficulty instead of the author's estimate. It needs at least %(attempts)d attempts of the level; questions with fewer than %(items)d answers are left out and keep the author's estimate.":
        "Een kalibratie past een itemresponsmodel aan op alle afgeronde pogingen van een niveau. Bij het trekken van nieuwe toetsen telt daarna de gemeten moeilijkheid van elke vraag in plaats van de schatting van de auteur. Er zijn minstens %(attempts)d pogingen van het niveau nodig; vragen met minder dan %(items)d antwoorden blijven buiten de kalibratie en houden de schatting van de auteur.",
    "Model": "Model",
    "By": "Door",
    "No calibration yet.": "Nog geen kalibratie.",
    "Rasch (one parameter: difficulty)": "Rasch (één parameter: moeilijkheid)",
    "2PL (difficulty and discrimination; needs more attempts)": "2PL (moeilijkheid en onderscheidend vermogen; vraagt meer pogingen)",
    "I understand that new exams will be drawn with the calibrated difficulties.":
        "Ik begrijp dat nieuwe toetsen met de gekalibreerde moeilijkheden worden getrokken.",
    "Calibrate": "Kalibreren",
    "Question %(key)s": "Vraag %(key)s",
    "Open the question in the bank": "Open de vraag in de vragenbank",
    "What to check": "Wat te controleren",
    "Figures": "Cijfers",
    "The share of the points candidates scored on this question.": "Het deel van de punten dat kandidaten op deze vraag scoorden.",
    "The correlation between this question and the rest of the exam.": "De correlatie tussen deze vraag en de rest van de toets.",
    "Difficulty b (standard error)": "Moeilijkheid b (standaardfout)",
    "The ability at which a candidate has an even chance of answering correctly.":
        "De vaardigheid waarbij een kandidaat precies evenveel kans heeft op een goed als op een fout antwoord.",
    "Discrimination a (standard error)": "Onderscheidend vermogen a (standaardfout)",
    "fixed in the Rasch model": "vast in het Rasch-model",
    "Near 1: the answers fit the model. Above 1.3: more erratic than expected; below 0.7: more predictable than expected.":
        "Rond 1: de antwoorden passen bij het model. Boven 1,3: grilliger dan verwacht; onder 0,7: voorspelbaarder dan verwacht.",
    "No parameters: not calibrated yet, or too few answers in the calibration.":
        "Geen parameters: nog niet gekalibreerd, of te weinig antwoorden in de kalibratie.",
    "How to read it: the chance of a correct answer at each ability. A steep curve separates candidates well; the dashed line is the pass mark.":
        "Zo lees je het: de kans op een goed antwoord bij elke vaardigheid. Een steile curve onderscheidt kandidaten goed; de stippellijn is de cesuur.",
}
