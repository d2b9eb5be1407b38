"""Dutch for the messages added by the i18n branch (problems as codes, labels in pages and exports).

Applied with ``python scripts/translate.py scripts/nl_i18n.py``.
"""

NL = {
    # where a problem is
    "%(file)s line %(line)s": "%(file)s regel %(line)s",
    "%(file)s row %(row)s": "%(file)s rij %(row)s",
    "role matrix": "rolmatrix",
    "version %(n)s": "versie %(n)s",
    "rule %(n)s": "regel %(n)s",
    "option %(key)s": "antwoord %(key)s",
    "options": "antwoorden",
    "pairs": "paren",
    "pair %(key)s": "paar %(key)s",
    # item checks
    "stem has no %(lang)s text": "de vraagtekst heeft geen %(lang)s-tekst",
    "no %(lang)s text": "geen %(lang)s-tekst",
    "option keys are not unique": "de sleutels van de antwoorden zijn niet uniek",
    "keys are not unique": "de sleutels zijn niet uniek",
    "key '%(key)s' may only contain letters, digits, '-' and '_'":
        "sleutel '%(key)s' mag alleen letters, cijfers, '-' en '_' bevatten",
    "needs at least two options": "er zijn minstens twee antwoorden nodig",
    "needs at least three options to order": "er zijn minstens drie antwoorden nodig om te ordenen",
    "needs at least two pairs": "er zijn minstens twee paren nodig",
    "needs exactly one correct option, has %(correct)s":
        "er moet precies één antwoord juist zijn, nu zijn het er %(correct)s",
    "needs at least one correct and one incorrect option": "er zijn minstens één juist en één onjuist antwoord nodig",
    "needs exactly the options 'true' and 'false'": "de antwoorden moeten precies 'true' en 'false' zijn",
    "'correct' has no meaning here (the authored order is the key)":
        "'correct' betekent hier niets (de ingevoerde volgorde is de sleutel)",
    "scoring must be 'partial' or 'all_or_nothing'": "de scoring moet 'partial' of 'all_or_nothing' zijn",
    "left has no %(lang)s text": "de linkerkant heeft geen %(lang)s-tekst",
    "right has no %(lang)s text": "de rechterkant heeft geen %(lang)s-tekst",
    "two right-hand texts are the same in %(lang)s": "twee teksten aan de rechterkant zijn gelijk (%(lang)s)",
    "'%(value)s' is not a number": "'%(value)s' is geen getal",
    "answer must be a number": "het antwoord moet een getal zijn",
    "tolerance must be a number ≥ 0": "de marge moet een getal ≥ 0 zijn",
    "unit has no %(lang)s text": "de eenheid heeft geen %(lang)s-tekst",
    "accepted needs a list of answers per language (nl, en)":
        "bij de goedgekeurde antwoorden hoort per taal (nl, en) een lijst",
    "accepted has no %(lang)s answers": "er zijn geen goedgekeurde %(lang)s-antwoorden",
    "accepted has an empty %(lang)s answer": "een goedgekeurd %(lang)s-antwoord is leeg",
    "an accepted %(lang)s answer is longer than %(max)s characters":
        "een goedgekeurd %(lang)s-antwoord is langer dan %(max)s tekens",
    # the role matrix
    "expected a mapping": "hier hoort een mapping (sleutel: waarde)",
    "unknown keys %(keys)s": "onbekende sleutels %(keys)s",
    "version is missing": "de versie ontbreekt",
    "version must be a positive whole number, not '%(value)s'":
        "de versie moet een positief geheel getal zijn, niet '%(value)s'",
    "%(field)s must be a list of texts": "%(field)s moet een lijst met teksten zijn",
    "defaults must be a mapping": "defaults moet een mapping (sleutel: waarde) zijn",
    "%(field)s must be a non-empty text or left out": "%(field)s moet een niet-lege tekst zijn of weggelaten worden",
    "%(field)s is missing": "%(field)s ontbreekt",
    "%(field)s is not a date: '%(value)s'": "%(field)s is geen datum: '%(value)s'",
    "'%(value)s' is not one of the declared %(field)s": "'%(value)s' staat niet in de opgegeven %(field)s",
    "level is missing": "het niveau ontbreekt",
    "unknown level '%(level)s' (known: %(known)s)": "onbekend niveau '%(level)s' (bekend: %(known)s)",
    "onboarding_months must be a whole number ≥ 0, not '%(value)s'":
        "onboarding_months moet een geheel getal ≥ 0 zijn, niet '%(value)s'",
    "rules must be a non-empty list": "rules moet een niet-lege lijst zijn",
    "same function_group/risk_class as rule %(other)s": "zelfde function_group/risk_class als regel %(other)s",
    "version %(n)s appears more than once": "versie %(n)s komt meer dan één keer voor",
    "not valid YAML (%(error)s)": "geen geldige YAML (%(error)s)",
    # spreadsheet uploads
    "the file is empty; it needs a header row and one row per person":
        "het bestand is leeg; het heeft een kopregel nodig en één rij per persoon",
    "the file is empty; it needs a header row and one row per question":
        "het bestand is leeg; het heeft een kopregel nodig en één rij per vraag",
    "the header row cannot be read (%(error)s)": "de kopregel is niet te lezen (%(error)s)",
    "this line cannot be read as CSV (%(error)s); check the quotes":
        "deze regel is niet als CSV te lezen (%(error)s); controleer de aanhalingstekens",
    "the Excel file cannot be opened (%(error)s)": "het Excel-bestand kan niet worden geopend (%(error)s)",
    "the Excel file is damaged and cannot be read (%(error)s)":
        "het Excel-bestand is beschadigd en niet te lezen (%(error)s)",
    "the first sheet is empty; it needs a header row and one row per person":
        "het eerste werkblad is leeg; het heeft een kopregel nodig en één rij per persoon",
    "the first sheet is empty; it needs a header row and one row per question":
        "het eerste werkblad is leeg; het heeft een kopregel nodig en één rij per vraag",
    # the HR import
    "the columns '%(first)s' and '%(second)s' both mean %(column)s; keep one of them":
        "de kolommen '%(first)s' en '%(second)s' betekenen allebei %(column)s; houd er één van over",
    "the header row has no column %(columns)s (or personeelsnummer); the first row must hold the column names":
        "de kopregel heeft geen kolom %(columns)s (of personeelsnummer); de eerste rij moet de kolomnamen bevatten",
    "the file has more than %(max)s people; split it into smaller files (for example per business unit)":
        "het bestand bevat meer dan %(max)s personen; verdeel het over kleinere bestanden (bijvoorbeeld per "
        "bedrijfsonderdeel)",
    "the row has %(cells)s cells but the header has %(columns)s columns; check for a stray separator":
        "de rij heeft %(cells)s cellen maar de kopregel %(columns)s kolommen; controleer op een verdwaald "
        "scheidingsteken",
    "employee_number is empty; every person needs their employee number":
        "employee_number is leeg; iedereen heeft een personeelsnummer nodig",
    "employee number %(number)s is also on %(other)s; every employee number may appear only once":
        "personeelsnummer %(number)s staat ook op %(other)s; elk personeelsnummer mag maar één keer voorkomen",
    "email '%(email)s' is not an e-mail address (name@example.com)":
        "e-mail '%(email)s' is geen e-mailadres (naam@voorbeeld.nl)",
    "leave_date %(leave)s is before hire_date %(hire)s": "leave_date %(leave)s ligt vóór hire_date %(hire)s",
    "lti_subject %(subject)s is also on %(other)s; one LMS account belongs to one person":
        "lti_subject %(subject)s staat ook op %(other)s; een LMS-account hoort bij één persoon",
    "the file has a header row but no people": "het bestand heeft een kopregel maar geen personen",
    "%(column)s is '%(value)s', which is not a date; write YYYY-MM-DD (2025-03-01) or DD-MM-YYYY (01-03-2025)":
        "%(column)s is '%(value)s', en dat is geen datum; schrijf JJJJ-MM-DD (2025-03-01) of DD-MM-JJJJ "
        "(01-03-2025)",
    "%(column)s is %(length)s characters long; at most %(max)s fit":
        "%(column)s is %(length)s tekens lang; er passen er hoogstens %(max)s in",
    "a person cannot be their own manager; leave the manager empty at the top of the organisation":
        "niemand kan zijn eigen leidinggevende zijn; laat de manager leeg aan de top van de organisatie",
    "manager %(manager)s is not in this file and not a known employee; add the manager's row or correct the number":
        "manager %(manager)s staat niet in dit bestand en is geen bekende medewerker; voeg de rij van de "
        "leidinggevende toe of verbeter het nummer",
    "the file is not UTF-8 text; in Excel choose 'CSV UTF-8 (comma delimited)' when saving, or export UTF-8 from "
    "the HR system":
        "het bestand is geen UTF-8-tekst; kies in Excel bij opslaan 'CSV UTF-8 (door komma's gescheiden)', of "
        "exporteer UTF-8 uit het HR-systeem",
    "this is not an Excel (.xlsx) file; save it as 'Excel Workbook (.xlsx)' or export CSV":
        "dit is geen Excel-bestand (.xlsx); sla het op als 'Excel-werkmap (.xlsx)' of exporteer CSV",
    # the item editor
    "key: use 2–100 lowercase letters, digits, '.', '-' or '_' (e.g. basic-privacy-011)":
        "sleutel: gebruik 2–100 kleine letters, cijfers, '.', '-' of '_' (bijv. basic-privacy-011)",
    "type: choose one of %(types)s": "type: kies een van %(types)s",
    "competence: choose a competence from the model": "competentie: kies een competentie uit het model",
    "level: %(level)s is not a level of this competence (%(levels)s)":
        "niveau: %(level)s is geen niveau van deze competentie (%(levels)s)",
    "rationale: the %(lang)s text is empty": "toelichting: de %(lang)s-tekst is leeg",
    "expected_facility: give the percentage of candidates expected to answer correctly, above 0 and below 100 "
    "(e.g. 70)":
        "verwachte p-waarde: geef het percentage kandidaten dat het antwoord naar verwachting goed heeft, boven 0 "
        "en onder 100 (bijv. 70)",
    # labels: levels, where a person stands, audit actions, permissions
    "Basic": "Basis",
    "Advanced": "Gevorderd",
    "Expert": "Expert",
    "left the organisation": "uit dienst",
    "accommodation set": "extra tijd vastgelegd",
    "exam version approved": "toetsversie goedgekeurd",
    "exam version drafted": "toetsversie opgesteld",
    "certificate revoked": "certificaat ingetrokken",
    "competence model changed": "competentiemodel gewijzigd",
    "grade column recreated": "cijferkolom opnieuw aangemaakt",
    "grade sync resumed": "cijfersynchronisatie hervat",
    "grade sync stopped": "cijfersynchronisatie gestopt",
    "grades sent again": "cijfers opnieuw verstuurd",
    "question flag resolved": "melding over een vraag afgehandeld",
    "questions calibrated": "vragen gekalibreerd",
    "questions imported": "vragen geïmporteerd",
    "question sent for review": "vraag ter beoordeling aangeboden",
    "question approved": "vraag goedgekeurd",
    "question rejected": "vraag afgekeurd",
    "question retired": "vraag buiten gebruik gesteld",
    "HR file imported": "HR-bestand geïmporteerd",
    "person erased": "persoon gewist",
    "platform added": "platform toegevoegd",
    "platform registered": "platform geregistreerd",
    "platform updated": "platform bijgewerkt",
    "policy added": "beleid toegevoegd",
    "policy changed": "beleid gewijzigd",
    "recertification decided": "besluit over hercertificering genomen",
    "role granted": "rol toegekend",
    "role taken away": "rol ingetrokken",
    "role matrix changed": "rolmatrix gewijzigd",
    "rollout plan changed": "uitrolplan gewijzigd",
    "standard setting: cut adopted": "cesuurbepaling: cesuur vastgesteld",
    "standard setting: panel member invited": "cesuurbepaling: panellid uitgenodigd",
    "standard setting: ratings submitted": "cesuurbepaling: oordelen ingediend",
    "standard setting: round closed": "cesuurbepaling: ronde gesloten",
    "standard setting: round opened": "cesuurbepaling: ronde geopend",
    "take the exam": "de toets maken",
    "place the exam in a course": "de toets in een cursus plaatsen",
    "see the course view": "het cursusoverzicht zien",
    "synchronise the course roster": "de deelnemerslijst van de cursus ophalen",
    "see the delivery queue": "de verzendwachtrij zien",
    "retry deliveries": "verzendingen opnieuw proberen",
    "see the question bank": "de vragenbank zien",
    "write questions": "vragen schrijven",
    "review questions": "vragen beoordelen",
    "review high-risk questions": "vragen met hoog risico beoordelen",
    "manage exams": "toetsen beheren",
    "manage the competence model": "het competentiemodel beheren",
    "import and export questions": "vragen importeren en exporteren",
    "see question statistics": "vraagstatistieken zien",
    "manage accommodations": "extra tijd en aanpassingen beheren",
    "see own status": "de eigen stand zien",
    "see person-level reports": "rapportages per persoon zien",
    "see aggregate reports": "geaggregeerde rapportages zien",
    "see own team": "het eigen team zien",
    "download audit exports": "auditexports downloaden",
    "import HR files": "HR-bestanden importeren",
    "manage the role matrix": "de rolmatrix beheren",
    "revoke certificates": "certificaten intrekken",
    "see the audit log": "de auditlog zien",
    "grant roles": "rollen toekennen",
    "see the rollout": "de uitrol zien",
    "manage the rollout": "de uitrol beheren",
    "remark on the rollout": "opmerkingen bij de uitrol plaatsen",
    "see employee feedback": "feedback van medewerkers zien",
    "see policies": "beleid zien",
    "manage policies": "beleid beheren",
    "decide on recertification": "over hercertificering besluiten",
    "manage grade sync": "cijfersynchronisatie beheren",
    "calibrate the question bank": "de vragenbank kalibreren",
    "manage standard setting": "cesuurbepaling beheren",
    "rate questions (standard setting)": "vragen beoordelen (cesuurbepaling)",
    "time ran out": "tijd verstreken",
    # the rollout plan and the policy register
    "phase %(key)s": "fase %(key)s",
    "policy %(key)s": "beleid %(key)s",
    "policy %(policy)s, clause %(clause)s": "beleid %(policy)s, artikel %(clause)s",
    "%(field)s must be a date like 2027-03-31, not '%(value)s'":
        "%(field)s moet een datum zijn zoals 2027-03-31, niet '%(value)s'",
    "the plan must be a mapping with scenario and phases": "het plan moet een mapping zijn met scenario en phases",
    "scenario must be one of %(known)s, not '%(value)s'": "scenario moet een van %(known)s zijn, niet '%(value)s'",
    "phases must be a non-empty list": "phases moet een niet-lege lijst zijn",
    "must be a mapping": "moet een mapping (sleutel: waarde) zijn",
    "key must be lower-case letters, digits, - or _": "key mag alleen kleine letters, cijfers, - of _ bevatten",
    "unknown fields %(fields)s; allowed are %(allowed)s": "onbekende velden %(fields)s; toegestaan zijn %(allowed)s",
    "name has no %(lang)s text": "name heeft geen %(lang)s-tekst",
    "units must be a list of names": "units moet een lijst met namen zijn",
    "units need a dimension (%(known)s)": "bij units hoort een dimension (%(known)s)",
    "dimension must be one of %(known)s, not '%(value)s'": "dimension moet een van %(known)s zijn, niet '%(value)s'",
    "a dimension needs at least one unit (leave both out for everybody)":
        "bij een dimension hoort minstens één unit (laat beide weg voor iedereen)",
    "levels must be a non-empty list of %(known)s": "levels moet een niet-lege lijst zijn uit %(known)s",
    "unknown levels %(levels)s; known are %(known)s": "onbekende niveaus %(levels)s; bekend zijn %(known)s",
    "end %(end)s is before start %(start)s": "einde %(end)s ligt vóór begin %(start)s",
    "pilot must be true or false": "pilot moet true of false zijn",
    "key is used twice": "key wordt twee keer gebruikt",
    "only one phase can be the pilot": "maar één fase kan de pilot zijn",
    "all_at_once has exactly one phase, for everybody (no dimension or units)":
        "all_at_once heeft precies één fase, voor iedereen (zonder dimension of units)",
    "hybrid needs a phase for everybody (no units) with the lowest level":
        "hybrid heeft een fase voor iedereen (zonder units) met het laagste niveau nodig",
    "hybrid needs at least one phase for particular units": "hybrid heeft minstens één fase voor bepaalde units nodig",
    "%(unit)s at %(level)s is already in phase %(other)s": "%(unit)s op %(level)s zit al in fase %(other)s",
    "a policy must be a mapping with key, title, version, effective_from and clauses":
        "een beleid moet een mapping zijn met key, title, version, effective_from en clauses",
    "key must be capital letters, digits or _ (e.g. INFOSEC)":
        "key mag alleen hoofdletters, cijfers of _ bevatten (bijv. INFOSEC)",
    "title has no %(lang)s text": "title heeft geen %(lang)s-tekst",
    "text has no %(lang)s text": "text heeft geen %(lang)s-tekst",
    'version is missing (e.g. "2026.2")': 'version ontbreekt (bijv. "2026.2")',
    "effective_from must be a date like 2026-07-01, not '%(value)s'":
        "effective_from moet een datum zijn zoals 2026-07-01, niet '%(value)s'",
    "clauses must be a non-empty list": "clauses moet een niet-lege lijst zijn",
    "must be a mapping with key, title and text": "moet een mapping zijn met key, title en text",
    "key must start with the policy key and a dash (e.g. %(example)s)":
        "key moet beginnen met de key van het beleid en een streepje (bijv. %(example)s)",
    "the register must be a mapping with a list under 'policies'":
        "het register moet een mapping zijn met een lijst onder 'policies'",
    "listed twice": "staat er twee keer in",
    # badge verification (OB 3.0 VC-JWT)
    "key '%(kid)s' is not an RSA signing key for RS256":
        "sleutel '%(kid)s' is geen RSA-ondertekeningssleutel voor RS256",
    "key '%(kid)s' in the JWKS is a private key; publish only public keys":
        "sleutel '%(kid)s' in de JWKS is een privésleutel; publiceer alleen publieke sleutels",
    "key '%(kid)s' cannot be read (%(error)s)": "sleutel '%(kid)s' is niet te lezen (%(error)s)",
    "the signing key '%(kid)s' is not one of the issuer's keys":
        "de ondertekeningssleutel '%(kid)s' is geen sleutel van de uitgever",
    "this is not a compact JWS (header.payload.signature)": "dit is geen compacte JWS (header.payload.signature)",
    "the JOSE header cannot be read (%(error)s)": "de JOSE-header is niet te lezen (%(error)s)",
    "the signature algorithm '%(alg)s' is not accepted; only %(algorithm)s":
        "het handtekeningalgoritme '%(alg)s' wordt niet geaccepteerd; alleen %(algorithm)s",
    "the JOSE header has parameters OB 3.0 does not allow: %(names)s":
        "de JOSE-header bevat parameters die OB 3.0 niet toestaat: %(names)s",
    "the JOSE header typ is '%(typ)s'; OB 3.0 requires 'JWT'":
        "de typ van de JOSE-header is '%(typ)s'; OB 3.0 vereist 'JWT'",
    "the JOSE header has no kid; keys embedded in the token (jwk) are not trusted":
        "de JOSE-header heeft geen kid; sleutels die in het token zitten (jwk) worden niet vertrouwd",
    "the signature does not match: the credential was changed or not signed by this issuer":
        "de handtekening klopt niet: het diploma is gewijzigd of niet door deze uitgever ondertekend",
    "the token is not valid (%(error)s)": "het token is niet geldig (%(error)s)",
    "%(name)s '%(value)s' is not a date-time with a time zone": "%(name)s '%(value)s' is geen tijdstip met tijdzone",
    "@context must start with %(context)s": "@context moet beginnen met %(context)s",
    "type must include VerifiableCredential and %(types)s": "type moet VerifiableCredential en %(types)s bevatten",
    "the iss claim does not match issuer.id": "de iss-claim komt niet overeen met issuer.id",
    "the jti claim does not match the credential id": "de jti-claim komt niet overeen met de id van het diploma",
    "the sub claim does not match credentialSubject.id": "de sub-claim komt niet overeen met credentialSubject.id",
    "the nbf claim does not match validFrom": "de nbf-claim komt niet overeen met validFrom",
    "the exp claim does not match validUntil": "de exp-claim komt niet overeen met validUntil",
    "the status list at %(url)s is not JSON": "de statuslijst op %(url)s is geen JSON",
    "the status list at %(url)s is not a credential": "de statuslijst op %(url)s is geen credential",
    "the status list at %(url)s says it is '%(id)s'": "de statuslijst op %(url)s zegt dat hij '%(id)s' is",
    "the status list was not issued by the credential's issuer":
        "de statuslijst is niet uitgegeven door de uitgever van het diploma",
    "the status list has expired; the revocation status cannot be checked":
        "de statuslijst is verlopen; of het diploma is ingetrokken, is niet te controleren",
    "the status list credential has no BitstringStatusList subject":
        "de statuslijst heeft geen BitstringStatusList als onderwerp",
    "the status list is not a revocation list": "de statuslijst is geen intrekkingslijst",
    "the status list has no encodedList": "de statuslijst heeft geen encodedList",
    "the status list %(url)s cannot be retrieved (%(error)s)": "de statuslijst %(url)s is niet op te halen (%(error)s)",
    "the issuer has revoked this credential": "de uitgever heeft dit diploma ingetrokken",
    "the credential expired on %(date)s": "het diploma is verlopen op %(date)s",
    "the credential is not valid before %(date)s": "het diploma is pas geldig vanaf %(date)s",
    # exams (blueprints), their feedback policy, the competence model
    "exam %(key)s": "toets %(key)s",
    "level %(key)s": "niveau %(key)s",
    "competence %(key)s": "competentie %(key)s",
    "pass_mark must be between 0 and 1": "pass_mark moet tussen 0 en 1 liggen",
    "items_per_competence needs at least one competence with a count ≥ 1":
        "items_per_competence heeft minstens één competentie met een aantal ≥ 1 nodig",
    "max_attempts must be at least 1 (or empty for no limit)":
        "max_attempts moet minstens 1 zijn (of leeg voor geen grens)",
    "retake_wait_days cannot be negative": "retake_wait_days kan niet negatief zijn",
    "time_limit_minutes must be at least 1 (or empty for no limit)":
        "time_limit_minutes moet minstens 1 zijn (of leeg voor geen grens)",
    "assembly must be one of %(known)s": "assembly moet een van %(known)s zijn",
    "max_exposure_rate must be above 0 and at most 1": "max_exposure_rate moet boven 0 liggen en hoogstens 1 zijn",
    "feedback must map after_fail/after_pass/after_last_attempt to a level":
        "feedback moet after_fail/after_pass/after_last_attempt aan een niveau koppelen",
    "feedback: unknown moment '%(name)s'": "feedback: onbekend moment '%(name)s'",
    "feedback.%(moment)s must be one of %(known)s": "feedback.%(moment)s moet een van %(known)s zijn",
    "unknown levels %(levels)s": "onbekende niveaus %(levels)s",
    # every imported question
    "question '%(key)s'": "vraag '%(key)s'",
    "this question": "deze vraag",
    "the question has no key; give every question a unique key such as 'basic-privacy-007'":
        "de vraag heeft geen sleutel; geef elke vraag een eigen sleutel, zoals 'basic-privacy-007'",
    "the key '%(key)s' may only contain letters, digits, '-', '_' and '.', and must start with a letter":
        "de sleutel '%(key)s' mag alleen letters, cijfers, '-', '_' en '.' bevatten, en moet met een letter "
        "beginnen",
    "%(label)s has no competence; use one of: %(known)s":
        "%(label)s heeft geen competentie; gebruik een van: %(known)s",
    "the competence '%(competence)s' does not exist; use one of: %(known)s":
        "de competentie '%(competence)s' bestaat niet; gebruik een van: %(known)s",
    "%(label)s has no level; use one of: %(known)s": "%(label)s heeft geen niveau; gebruik een van: %(known)s",
    "the level '%(level)s' does not exist; use one of: %(known)s":
        "het niveau '%(level)s' bestaat niet; gebruik een van: %(known)s",
    "the competence '%(competence)s' has no level '%(level)s'; it is assessed at: %(known)s":
        "de competentie '%(competence)s' heeft geen niveau '%(level)s'; ze wordt getoetst op: %(known)s",
    "%(label)s has '%(type)s', which is not a question type; use one of: %(known)s":
        "%(label)s heeft '%(type)s', en dat is geen vraagtype; gebruik een van: %(known)s",
    "%(label)s has no type, which is not a question type; use one of: %(known)s":
        "%(label)s heeft geen type; gebruik een van: %(known)s",
    "high_risk must be yes or no": "high_risk moet ja of nee zijn",
    "%(label)s has no author; fill in who wrote or owns the question":
        "%(label)s heeft geen auteur; vul in wie de vraag schreef of beheert",
    "policy_refs must be a list of policy clause keys": "policy_refs moet een lijst met beleidsartikelen zijn",
    "expected_facility must be a number between 0 and 1 (the share expected to answer correctly, e.g. 0.7)":
        "expected_facility moet een getal tussen 0 en 1 zijn (het deel dat het naar verwachting goed heeft, bijv. "
        "0.7)",
    "scoring '%(value)s' is unknown; use 'partial' or 'all_or_nothing'":
        "scoring '%(value)s' is onbekend; gebruik 'partial' of 'all_or_nothing'",
    "scoring only applies to multiple response questions": "scoring geldt alleen voor vragen met meervoudige keuze",
    "the case '%(case)s' does not exist": "de casus '%(case)s' bestaat niet",
    "%(label)s has no Dutch question text (stem)": "%(label)s heeft geen Nederlandse vraagtekst (stem)",
    "%(label)s has no English question text (stem)": "%(label)s heeft geen Engelse vraagtekst (stem)",
    "%(label)s has no Dutch and English question text (stem)":
        "%(label)s heeft geen Nederlandse en geen Engelse vraagtekst (stem)",
    "%(label)s has no Dutch explanation (rationale)": "%(label)s heeft geen Nederlandse toelichting (rationale)",
    "%(label)s has no English explanation (rationale)": "%(label)s heeft geen Engelse toelichting (rationale)",
    "%(label)s has no Dutch and English explanation (rationale)":
        "%(label)s heeft geen Nederlandse en geen Engelse toelichting (rationale)",
    "this %(type)s question %(problem)s": "deze vraag (%(type)s): %(problem)s",
    "the key '%(key)s' is used twice (also at %(other)s); every question needs its own key":
        "de sleutel '%(key)s' wordt twee keer gebruikt (ook op %(other)s); elke vraag heeft een eigen sleutel nodig",
    # a platform's OpenID configuration (dynamic registration)
    "%(key)s is missing": "%(key)s ontbreekt",
    "issuer %(issuer)s is not on the host of the configuration URL %(url)s":
        "issuer %(issuer)s staat niet op de host van de configuratie-URL %(url)s",
    "%(key)s %(value)s is not on the issuer's host %(host)s":
        "%(key)s %(value)s staat niet op de host van de issuer %(host)s",
    "the platform does not sign id_tokens with RS256": "het platform ondertekent id_tokens niet met RS256",
    "%(key)s is missing: this is not an LTI 1.3 platform": "%(key)s ontbreekt: dit is geen LTI 1.3-platform",
    # the item import from CSV/XLSX
    "%(cell)s is '%(value)s'; write yes or no": "%(cell)s is '%(value)s'; schrijf yes of no",
    "%(cell)s is '%(value)s', which is not a number; write a number such as 72 or 0.5":
        "%(cell)s is '%(value)s', en dat is geen getal; schrijf een getal zoals 72 of 0.5",
    "the cell '%(cell)s' is empty; a %(type)s question needs it":
        "de cel '%(cell)s' is leeg; een vraag van het type %(type)s heeft die nodig",
    "the cell '%(cell)s' is empty; it must be filled in": "de cel '%(cell)s' is leeg; die moet ingevuld zijn",
    "the header row has no column %(columns)s; start from an exported file or the documented column list":
        "de kopregel heeft geen kolom %(columns)s; begin met een geëxporteerd bestand of de beschreven kolomlijst",
    "the header row has no column %(columns)s and %(more)s more; start from an exported file or the documented "
    "column list":
        "de kopregel heeft geen kolom %(columns)s en nog %(more)s andere; begin met een geëxporteerd bestand of de "
        "beschreven kolomlijst",
    "the header row has unknown column(s) %(columns)s; check the spelling (the column names are listed in the "
    "documentation)":
        "de kopregel heeft onbekende kolom(men) %(columns)s; controleer de spelling (de kolomnamen staan in de "
        "documentatie)",
    "the file has more than %(max)s questions; split it into smaller files":
        "het bestand bevat meer dan %(max)s vragen; verdeel het over kleinere bestanden",
    "the file has a header row but no questions": "het bestand heeft een kopregel maar geen vragen",
    "the file is not UTF-8 text; in Excel choose 'CSV UTF-8 (comma delimited)' when saving":
        "het bestand is geen UTF-8-tekst; kies in Excel bij opslaan 'CSV UTF-8 (door komma's gescheiden)'",
    "this is not an Excel (.xlsx) file; save it as 'Excel Workbook (.xlsx)'":
        "dit is geen Excel-bestand (.xlsx); sla het op als 'Excel-werkmap (.xlsx)'",
    # the item import from GIFT
    "question %(number)s (line %(line)s)": "vraag %(number)s (regel %(line)s)",
    "GIFT file": "GIFT-bestand",
    "is not a JSON object": "is geen JSON-object",
    "is not valid JSON (%(error)s at column %(column)s)": "is geen geldige JSON (%(error)s in kolom %(column)s)",
    "the '// @meta' line above the question %(problem)s": "de regel '// @meta' boven de vraag %(problem)s",
    "unexpected text '%(text)s' before the first answer": "onverwachte tekst '%(text)s' vóór het eerste antwoord",
    "the %(what)s is not in two languages; write it as <span lang=\"nl\" class=\"multilang\">…</span><span "
    "lang=\"en\" class=\"multilang\">…</span>":
        "niet in twee talen: %(what)s; schrijf het als <span lang=\"nl\" class=\"multilang\">…</span><span "
        "lang=\"en\" class=\"multilang\">…</span>",
    "question text (stem)": "vraagtekst (stem)",
    "general feedback (rationale)": "algemene feedback (rationale)",
    "answer %(key)s": "antwoord %(key)s",
    "feedback of answer %(key)s": "feedback bij antwoord %(key)s",
    "feedback of %(key)s": "feedback bij %(key)s",
    "left side of pair %(key)s": "linkerkant van paar %(key)s",
    "right side of pair %(key)s": "rechterkant van paar %(key)s",
    "the question name starts with '::' but is not closed with '::'":
        "de naam van de vraag begint met '::' maar wordt niet afgesloten met '::'",
    "the question has no answers: add them between { and } (a '{' or '}' in the text itself must be written as \\{ "
    "or \\})":
        "de vraag heeft geen antwoorden: zet ze tussen { en } (een '{' of '}' in de tekst zelf schrijf je als \\{ of "
        "\\})",
    "the answer part opened with '{' on line %(line)s is never closed with '}'; add the closing brace (or write a "
    "literal brace as \\{)":
        "het antwoorddeel dat op regel %(line)s met '{' begint, wordt nergens met '}' gesloten; voeg de sluitaccolade "
        "toe (of schrijf een letterlijke accolade als \\{)",
    "a second '{' was found inside the answers (line %(line)s); write a literal brace as \\{":
        "er staat een tweede '{' in de antwoorden (regel %(line)s); schrijf een letterlijke accolade als \\{",
    "text after the closing '}' (a 'missing word' question) is not supported; put the answers at the end of the "
    "question":
        "tekst na de sluitende '}' (een 'missing word'-vraag) wordt niet ondersteund; zet de antwoorden aan het eind "
        "van de vraag",
    "the question has no name; start it with ::key:: (the question key)":
        "de vraag heeft geen naam; begin hem met ::sleutel:: (de sleutel van de vraag)",
    "the '// @meta' line says type '%(declared)s', but the answers are written as a %(type)s question":
        "de regel '// @meta' noemt type '%(declared)s', maar de antwoorden zijn geschreven als een vraag van het type "
        "%(type)s",
    "the '// @meta' line lists %(keys)s option keys, but the question has %(answers)s answers":
        "de regel '// @meta' noemt %(keys)s antwoordsleutels, maar de vraag heeft %(answers)s antwoorden",
    "the numeric answer '%(answer)s' must look like {#72:0} (answer:tolerance)":
        "het numerieke antwoord '%(answer)s' moet eruitzien als {#72:0} (antwoord:marge)",
    "the answers '%(answers)s' are not GIFT answers: each answer starts with '=' (right) or '~' (wrong), or use "
    "{TRUE}/{FALSE} or {#number:tolerance}":
        "de antwoorden '%(answers)s' zijn geen GIFT-antwoorden: elk antwoord begint met '=' (goed) of '~' (fout), of "
        "gebruik {TRUE}/{FALSE} of {#getal:marge}",
    "some answers are pairs ('->') and some are not; a matching question uses '=left -> right' for every answer":
        "sommige antwoorden zijn paren ('->') en andere niet; een koppelvraag gebruikt '=links -> rechts' voor elk "
        "antwoord",
    "the file contains no questions": "het bestand bevat geen vragen",
    # uploaded packages (zip) and XML files
    "this is not a zip file; export the package again as a .zip":
        "dit is geen zip-bestand; exporteer het pakket opnieuw als .zip",
    "the zip file is damaged and cannot be opened (%(error)s)":
        "het zip-bestand is beschadigd en kan niet worden geopend (%(error)s)",
    "the package holds %(files)s files; at most %(max)s are allowed":
        "het pakket bevat %(files)s bestanden; er mogen er hoogstens %(max)s in",
    "the package unpacks to %(mb)s MB; at most %(max)s MB is allowed":
        "uitgepakt is het pakket %(mb)s MB; hoogstens %(max)s MB is toegestaan",
    "this file path points outside the package (it contains '..' or is absolute); the package is refused":
        "dit bestandspad wijst buiten het pakket (het bevat '..' of is absoluut); het pakket wordt geweigerd",
    "cannot be unpacked (%(error)s)": "kan niet worden uitgepakt (%(error)s)",
    "the package unpacks to more than %(max)s MB; it is refused":
        "uitgepakt is het pakket groter dan %(max)s MB; het wordt geweigerd",
    "the file declares a DOCTYPE or entities; that is not allowed in QTI files (it can be used to read files from "
    "the server), so the file is refused":
        "het bestand declareert een DOCTYPE of entities; dat mag niet in QTI-bestanden (het kan worden gebruikt om "
        "bestanden van de server te lezen), dus het bestand wordt geweigerd",
    "the file is not well-formed XML: %(error)s": "het bestand is geen goedgevormde XML: %(error)s",
    # the fields of each item type in an import
    "option key(s) %(keys)s are used more than once":
        "antwoordsleutel(s) %(keys)s worden vaker dan één keer gebruikt",
    "option %(n)s needs a key of letters/digits starting with a letter (such as 'a')":
        "antwoord %(n)s heeft een sleutel van letters/cijfers nodig die met een letter begint (zoals 'a')",
    "option %(key)s has no Dutch text": "antwoord %(key)s heeft geen Nederlandse tekst",
    "option %(key)s has no English text": "antwoord %(key)s heeft geen Engelse tekst",
    "option %(key)s has no Dutch and English text": "antwoord %(key)s heeft geen Nederlandse en geen Engelse tekst",
    "option %(key)s has no Dutch feedback": "antwoord %(key)s heeft geen Nederlandse feedback",
    "option %(key)s has no English feedback": "antwoord %(key)s heeft geen Engelse feedback",
    "option %(key)s has no Dutch and English feedback":
        "antwoord %(key)s heeft geen Nederlandse en geen Engelse feedback",
    "a %(type)s question has no options; remove them":
        "een vraag van het type %(type)s heeft geen antwoorden; haal ze weg",
    "pair key(s) %(keys)s are used more than once": "paarsleutel(s) %(keys)s worden vaker dan één keer gebruikt",
    "pair %(n)s needs a key of letters/digits starting with a letter (such as 'p1')":
        "paar %(n)s heeft een sleutel van letters/cijfers nodig die met een letter begint (zoals 'p1')",
    "pair %(key)s has no Dutch left-hand text": "paar %(key)s heeft links geen Nederlandse tekst",
    "pair %(key)s has no English left-hand text": "paar %(key)s heeft links geen Engelse tekst",
    "pair %(key)s has no Dutch and English left-hand text":
        "paar %(key)s heeft links geen Nederlandse en geen Engelse tekst",
    "pair %(key)s has no Dutch right-hand text": "paar %(key)s heeft rechts geen Nederlandse tekst",
    "pair %(key)s has no English right-hand text": "paar %(key)s heeft rechts geen Engelse tekst",
    "pair %(key)s has no Dutch and English right-hand text":
        "paar %(key)s heeft rechts geen Nederlandse en geen Engelse tekst",
    "option %(key)s: say whether it is correct (yes or no)": "antwoord %(key)s: geef aan of het juist is (yes of no)",
    "needs a numeric answer (a number such as 72 or 0.5)":
        "heeft een numeriek antwoord nodig (een getal zoals 72 of 0.5)",
    "needs a tolerance of 0 or more (how far an answer may be off and still count)":
        "heeft een marge van 0 of meer nodig (hoever een antwoord ernaast mag zitten en toch goed is)",
    "the unit has no Dutch text": "de eenheid heeft geen Nederlandse tekst",
    "the unit has no English text": "de eenheid heeft geen Engelse tekst",
    "the unit has no Dutch and English text": "de eenheid heeft geen Nederlandse en geen Engelse tekst",
    "needs at least one accepted Dutch answer": "heeft minstens één goedgekeurd Nederlands antwoord nodig",
    "needs at least one accepted English answer": "heeft minstens één goedgekeurd Engels antwoord nodig",
    "option %(key)s: ordering options are listed in the correct order; leave 'correct' empty":
        "antwoord %(key)s: bij ordenen staan de antwoorden in de juiste volgorde; laat 'correct' leeg",
    # the item import from QTI packages
    "case '%(key)s'": "casus '%(key)s'",
    "%(label)s has no Dutch version (only English was found); add it to the package, or import with 'fill in "
    "missing language' switched on":
        "%(label)s heeft geen Nederlandse versie (alleen de Engelse is gevonden); voeg die toe aan het pakket, of "
        "importeer met 'ontbrekende taal aanvullen' aan",
    "%(label)s has no English version (only Dutch was found); add it to the package, or import with 'fill in "
    "missing language' switched on":
        "%(label)s heeft geen Engelse versie (alleen de Nederlandse is gevonden); voeg die toe aan het pakket, of "
        "importeer met 'ontbrekende taal aanvullen' aan",
    "the language versions are different question types (%(types)s)":
        "de taalversies zijn verschillende vraagtypen (%(types)s)",
    "the Dutch version has a different %(field)s ('%(value)s' instead of '%(first)s')":
        "de Nederlandse versie heeft een andere %(field)s ('%(value)s' in plaats van '%(first)s')",
    "the English version has a different %(field)s ('%(value)s' instead of '%(first)s')":
        "de Engelse versie heeft een andere %(field)s ('%(value)s' in plaats van '%(first)s')",
    "the manifest lists '%(href)s', but that file is not in the package":
        "het manifest noemt '%(href)s', maar dat bestand zit niet in het pakket",
    "question '%(key)s' has two Dutch versions (also %(other)s)":
        "vraag '%(key)s' heeft twee Nederlandse versies (ook %(other)s)",
    "question '%(key)s' has two English versions (also %(other)s)":
        "vraag '%(key)s' heeft twee Engelse versies (ook %(other)s)",
    "the case has no Dutch version": "de casus heeft geen Nederlandse versie",
    "the case has no English version": "de casus heeft geen Engelse versie",
    "the package contains no questions": "het pakket bevat geen vragen",
    "%(label)s has no response declaration (qti-response-declaration), so the correct answer is unknown; add one in "
    "the authoring tool and export again":
        "%(label)s heeft geen antwoorddeclaratie (qti-response-declaration), dus het juiste antwoord is onbekend; "
        "voeg er een toe in het auteursprogramma en exporteer opnieuw",
    "%(label)s uses an interaction this tool does not support (%(names)s); only choice, order, match and text-entry "
    "questions can be imported":
        "%(label)s gebruikt een interactie die deze tool niet ondersteunt (%(names)s); alleen keuze-, orden-, koppel- "
        "en invulvragen kunnen worden geïmporteerd",
    "%(label)s has no interaction (choice, order, match or text entry) in its item body":
        "%(label)s heeft geen interactie (keuze, ordenen, koppelen of invullen) in de item body",
    "%(label)s has %(n)s interactions; only questions with one interaction can be imported":
        "%(label)s heeft %(n)s interacties; alleen vragen met één interactie kunnen worden geïmporteerd",
    "this is not a QTI question (the file starts with <%(element)s>, expected <qti-assessment-item> or "
    "<assessmentItem>)":
        "dit is geen QTI-vraag (het bestand begint met <%(element)s>, verwacht werd <qti-assessment-item> of "
        "<assessmentItem>)",
    "the language (%(lang)s) is not Dutch (nl) or English (en); set xml:lang on the question":
        "de taal (%(lang)s) is geen Nederlands (nl) of Engels (en); zet xml:lang op de vraag",
    "the language (not given) is not Dutch (nl) or English (en); set xml:lang on the question":
        "de taal (niet opgegeven) is geen Nederlands (nl) of Engels (en); zet xml:lang op de vraag",
    "the interaction answers '%(rid)s', but there is no response declaration with that identifier":
        "de interactie antwoordt op '%(rid)s', maar er is geen antwoorddeclaratie met die identifier",
    "the metadata says type '%(declared)s', but the question is a %(interaction)s (%(type)s)":
        "de metadata noemt type '%(declared)s', maar de vraag is een %(interaction)s (%(type)s)",
    "%(label)s: the correct order (qti-correct-response) must list every option exactly once":
        "%(label)s: de juiste volgorde (qti-correct-response) moet elk antwoord precies één keer noemen",
    "%(label)s: a match question needs two sets of choices (qti-simple-match-set)":
        "%(label)s: een koppelvraag heeft twee reeksen keuzes nodig (qti-simple-match-set)",
    "%(label)s: '%(left)s' has no correct match": "%(label)s: '%(left)s' heeft geen juiste koppeling",
    "%(label)s has no correct answer (qti-correct-response is missing)":
        "%(label)s heeft geen juist antwoord (qti-correct-response ontbreekt)",
    "%(label)s: the correct answer '%(value)s' is not a number":
        "%(label)s: het juiste antwoord '%(value)s' is geen getal",
    "%(label)s has no accepted answers (qti-correct-response or qti-mapping)":
        "%(label)s heeft geen goedgekeurde antwoorden (qti-correct-response of qti-mapping)",
    "%(label)s: the Dutch version has other options or other correct answers than the English version":
        "%(label)s: de Nederlandse versie heeft andere antwoorden of andere juiste antwoorden dan de Engelse",
    "%(label)s: the English version has other options or other correct answers than the Dutch version":
        "%(label)s: de Engelse versie heeft andere antwoorden of andere juiste antwoorden dan de Nederlandse",
    "%(label)s: the Dutch version has other pairs than the other language":
        "%(label)s: de Nederlandse versie heeft andere paren dan de andere taal",
    "%(label)s: the English version has other pairs than the other language":
        "%(label)s: de Engelse versie heeft andere paren dan de andere taal",
    "%(label)s: the language versions have different answers (%(values)s)":
        "%(label)s: de taalversies hebben verschillende antwoorden (%(values)s)",
    "%(label)s: the language versions have different tolerances (%(values)s)":
        "%(label)s: de taalversies hebben verschillende marges (%(values)s)",
    "the '// @meta' pair keys do not match the number of pairs":
        "de paarsleutels in '// @meta' passen niet bij het aantal paren",
    # the seed bank in config/
    "unknown competence '%(competence)s'": "onbekende competentie '%(competence)s'",
    "level '%(level)s' not in %(levels)s": "niveau '%(level)s' staat niet in %(levels)s",
    "duplicate item key %(key)s": "dubbele vraagsleutel %(key)s",
    # answers that do not fit the question, closed attempts, exams the bank cannot fill
    "unknown option(s): %(value)s": "onbekend(e) antwoord(en): %(value)s",
    "unknown left-hand item: %(value)s": "onbekend item aan de linkerkant: %(value)s",
    "unknown right-hand item: %(value)s": "onbekend item aan de rechterkant: %(value)s",
    "'%(value)s' is not a match (expected left=right)": "'%(value)s' is geen koppeling (verwacht: links=rechts)",
    "left-hand item %(left)s has more than one match": "item %(left)s aan de linkerkant heeft meer dan één koppeling",
    "this question takes one answer": "bij deze vraag hoort één antwoord",
    "this question takes one number": "bij deze vraag hoort één getal",
    "'%(value)s' is not a number (write e.g. 72 or 72,5)": "'%(value)s' is geen getal (schrijf bijv. 72 of 72,5)",
    "the answer is longer than %(max)s characters": "het antwoord is langer dan %(max)s tekens",
    "choose an option for each of the %(n)s positions": "kies een antwoord voor elk van de %(n)s plaatsen",
    "each option can take only one position (%(options)s is used twice)":
        "elk antwoord kan maar op één plaats staan (%(options)s staat er twee keer)",
    "this attempt has been submitted": "deze poging is ingeleverd",
    "the time for this attempt has run out": "de tijd voor deze poging is om",
    "this exam has no question %(position)s": "deze toets heeft geen vraag %(position)s",
    "not enough approved items (%(competences)s)": "niet genoeg goedgekeurde vragen (%(competences)s)",
    "%(competence)s: %(have)s of %(need)s": "%(competence)s: %(have)s van %(need)s",
}
