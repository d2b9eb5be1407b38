"""The English wording of every problem code (``problems.Problem``) and of every place a problem can be.

These texts are the catalogue's msgids: ``N_`` marks them for extraction (babel.cfg reads this file) and the
edge translates them when it words a problem. Parameters are filled in as text (lists joined with commas).
"""

from __future__ import annotations


def N_(text: str) -> str:  # the gettext name for "translate later"
    """Mark ``text`` for the catalogue without translating it (the domain never translates)."""
    return text


PLACES: dict[str, str] = {
    "file": "%(file)s",
    "file_line": N_("%(file)s line %(line)s"),
    "file_row": N_("%(file)s row %(row)s"),
    "role_matrix": N_("role matrix"),
    "matrix_version": N_("version %(n)s"),
    "matrix_rule": N_("rule %(n)s"),
    "option": N_("option %(key)s"),
    "options": N_("options"),
    "pairs": N_("pairs"),
    "field": "%(name)s",
    "phase": N_("phase %(key)s"),
    "question": N_("question '%(key)s'"),
    "this_question": N_("this question"),
    "gift_question": N_("question %(number)s (line %(line)s)"),
    "gift_file": N_("GIFT file"),
    "gift_stem": N_("question text (stem)"),
    "gift_rationale": N_("general feedback (rationale)"),
    "gift_answer": N_("answer %(key)s"),
    "gift_answer_feedback": N_("feedback of answer %(key)s"),
    "gift_feedback": N_("feedback of %(key)s"),
    "gift_left": N_("left side of pair %(key)s"),
    "gift_right": N_("right side of pair %(key)s"),
    "case": N_("case '%(key)s'"),
    "blueprint": N_("exam %(key)s"),
    "level": N_("level %(key)s"),
    "competence": N_("competence %(key)s"),
    "path_activity": N_("activity %(n)s (%(key)s)"),
    "policy": N_("policy %(key)s"),
    "policy_clause": N_("policy %(policy)s, clause %(clause)s"),
    "pair": N_("pair %(key)s"),
}

TEXTS: dict[str, str] = {
    "text": "%(text)s",  # a problem not (yet) given a code: shown as it is
    # item type checks (the item editor, the bank, imports)
    "item.stem_language": N_("stem has no %(lang)s text"),
    "item.text_too_long": N_("%(field)s (%(lang)s) is %(length)s characters long; at most %(max)s fit"),
    "item.option_language": N_("no %(lang)s text"),
    "item.option_keys_repeat": N_("option keys are not unique"),
    "item.keys_repeat": N_("keys are not unique"),
    "item.key_characters": N_("key '%(key)s' may only contain letters, digits, '-' and '_'"),
    "item.two_options": N_("needs at least two options"),
    "item.three_options": N_("needs at least three options to order"),
    "item.two_pairs": N_("needs at least two pairs"),
    "item.one_correct": N_("needs exactly one correct option, has %(correct)s"),
    "item.some_correct": N_("needs at least one correct and one incorrect option"),
    "item.true_and_false": N_("needs exactly the options 'true' and 'false'"),
    "item.correct_in_ordering": N_("'correct' has no meaning here (the authored order is the key)"),
    "item.scoring": N_("scoring must be 'partial' or 'all_or_nothing'"),
    "item.left_language": N_("left has no %(lang)s text"),
    "item.right_language": N_("right has no %(lang)s text"),
    "item.right_texts_repeat": N_("two right-hand texts are the same in %(lang)s"),
    "item.form_not_a_number": N_("'%(value)s' is not a number"),
    "item.answer_number": N_("answer must be a number"),
    "item.tolerance_number": N_("tolerance must be a number ≥ 0"),
    "item.unit_language": N_("unit has no %(lang)s text"),
    "item.accepted_shape": N_("accepted needs a list of answers per language (nl, en)"),
    "item.accepted_none": N_("accepted has no %(lang)s answers"),
    "item.accepted_empty": N_("accepted has an empty %(lang)s answer"),
    "item.accepted_too_long": N_("an accepted %(lang)s answer is longer than %(max)s characters"),
    # the fields of each item type in an import (codec.check_shape)
    "shape.option_keys_twice": N_("option key(s) %(keys)s are used more than once"),
    "shape.option_key": N_("option %(n)s needs a key of letters/digits starting with a letter (such as 'a')"),
    "shape.option_text_nl": N_("option %(key)s has no Dutch text"),
    "shape.option_text_en": N_("option %(key)s has no English text"),
    "shape.option_text_en_nl": N_("option %(key)s has no Dutch and English text"),
    "shape.option_feedback_nl": N_("option %(key)s has no Dutch feedback"),
    "shape.option_feedback_en": N_("option %(key)s has no English feedback"),
    "shape.option_feedback_en_nl": N_("option %(key)s has no Dutch and English feedback"),
    "shape.no_options": N_("a %(type)s question has no options; remove them"),
    "shape.pair_keys_twice": N_("pair key(s) %(keys)s are used more than once"),
    "shape.pair_key": N_("pair %(n)s needs a key of letters/digits starting with a letter (such as 'p1')"),
    "shape.pair_left_nl": N_("pair %(key)s has no Dutch left-hand text"),
    "shape.pair_left_en": N_("pair %(key)s has no English left-hand text"),
    "shape.pair_left_en_nl": N_("pair %(key)s has no Dutch and English left-hand text"),
    "shape.pair_right_nl": N_("pair %(key)s has no Dutch right-hand text"),
    "shape.pair_right_en": N_("pair %(key)s has no English right-hand text"),
    "shape.pair_right_en_nl": N_("pair %(key)s has no Dutch and English right-hand text"),
    "shape.option_correct": N_("option %(key)s: say whether it is correct (yes or no)"),
    "shape.numeric_answer": N_("needs a numeric answer (a number such as 72 or 0.5)"),
    "shape.tolerance": N_("needs a tolerance of 0 or more (how far an answer may be off and still count)"),
    "shape.unit_nl": N_("the unit has no Dutch text"),
    "shape.unit_en": N_("the unit has no English text"),
    "shape.unit_en_nl": N_("the unit has no Dutch and English text"),
    "shape.accepted_nl": N_("needs at least one accepted Dutch answer"),
    "shape.accepted_en": N_("needs at least one accepted English answer"),
    "shape.ordering_correct": N_("option %(key)s: ordering options are listed in the correct order; leave "
                                 "'correct' empty"),
    # every imported question (assessments/io/records.py)
    "record.no_key": N_("the question has no key; give every question a unique key such as 'basic-privacy-007'"),
    "record.key_characters": N_("the key '%(key)s' may only contain letters, digits, '-', '_' and '.', and must "
                                "start with a letter"),
    "record.no_competence": N_("%(label)s has no competence; use one of: %(known)s"),
    "record.unknown_competence": N_("the competence '%(competence)s' does not exist; use one of: %(known)s"),
    "record.no_level": N_("%(label)s has no level; use one of: %(known)s"),
    "record.unknown_level": N_("the level '%(level)s' does not exist; use one of: %(known)s"),
    "record.level_of_competence": N_("the competence '%(competence)s' has no level '%(level)s'; it is assessed "
                                     "at: %(known)s"),
    "record.unknown_type": N_("%(label)s has '%(type)s', which is not a question type; use one of: %(known)s"),
    "record.no_type": N_("%(label)s has no type, which is not a question type; use one of: %(known)s"),
    "record.high_risk": N_("high_risk must be yes or no"),
    "record.no_author": N_("%(label)s has no author; fill in who wrote or owns the question"),
    "record.policy_refs": N_("policy_refs must be a list of policy clause keys"),
    "record.expected_facility": N_("expected_facility must be a number between 0 and 1 (the share expected to "
                                   "answer correctly, e.g. 0.7)"),
    "record.scoring": N_("scoring '%(value)s' is unknown; use 'partial' or 'all_or_nothing'"),
    "record.scoring_type": N_("scoring only applies to multiple response questions"),
    "record.unknown_case": N_("the case '%(case)s' does not exist"),
    "record.no_stem_nl": N_("%(label)s has no Dutch question text (stem)"),
    "record.no_stem_en": N_("%(label)s has no English question text (stem)"),
    "record.no_stem_en_nl": N_("%(label)s has no Dutch and English question text (stem)"),
    "record.no_rationale_nl": N_("%(label)s has no Dutch explanation (rationale)"),
    "record.no_rationale_en": N_("%(label)s has no English explanation (rationale)"),
    "record.no_rationale_en_nl": N_("%(label)s has no Dutch and English explanation (rationale)"),
    "record.type_check": N_("this %(type)s question %(problem)s"),
    "record.key_twice": N_("the key '%(key)s' is used twice (also at %(other)s); every question needs its own key"),
    # the seed bank in config/ (read at start-up)
    "bank.yaml": N_("not valid YAML (%(error)s)"),
    "bank.unknown_competence": N_("unknown competence '%(competence)s'"),
    "bank.level": N_("level '%(level)s' not in %(levels)s"),
    "bank.duplicate_key": N_("duplicate item key %(key)s"),
    # answers that do not fit the question, closed attempts, exams the bank cannot fill
    "response.unknown_option": N_("unknown option(s): %(value)s"),
    "response.unknown_left": N_("unknown left-hand item: %(value)s"),
    "response.unknown_right": N_("unknown right-hand item: %(value)s"),
    "response.not_a_match": N_("'%(value)s' is not a match (expected left=right)"),
    "response.two_matches": N_("left-hand item %(left)s has more than one match"),
    "response.one_answer": N_("this question takes one answer"),
    "response.one_number": N_("this question takes one number"),
    "response.not_a_number": N_("'%(value)s' is not a number (write e.g. 72 or 72,5)"),
    "response.too_long": N_("the answer is longer than %(max)s characters"),
    "response.positions": N_("choose an option for each of the %(n)s positions"),
    "response.position_twice": N_("each option can take only one position (%(options)s is used twice)"),
    "attempt.submitted": N_("this attempt has been submitted"),
    "attempt.time_out": N_("the time for this attempt has run out"),
    "attempt.no_question": N_("this exam has no question %(position)s"),
    "blueprint.shortfall": N_("not enough approved items (%(competences)s)"),
    "blueprint.competence_shortfall": N_("%(competence)s: %(have)s of %(need)s"),
    # the role matrix (config/role_matrix.yaml, the upload on the organisation page)
    "matrix.mapping": N_("expected a mapping"),
    "matrix.unknown_keys": N_("unknown keys %(keys)s"),
    "matrix.version_missing": N_("version is missing"),
    "matrix.version_number": N_("version must be a positive whole number, not '%(value)s'"),
    "matrix.list_of_texts": N_("%(field)s must be a list of texts"),
    "matrix.defaults_mapping": N_("defaults must be a mapping"),
    "matrix.name_text": N_("%(field)s must be a non-empty text or left out"),
    "matrix.field_missing": N_("%(field)s is missing"),
    "matrix.not_a_date": N_("%(field)s is not a date: '%(value)s'"),
    "matrix.not_declared": N_("'%(value)s' is not one of the declared %(field)s"),
    "matrix.level_missing": N_("level is missing"),
    "matrix.unknown_level": N_("unknown level '%(level)s' (known: %(known)s)"),
    "matrix.onboarding_months": N_("onboarding_months must be a whole number ≥ 0, not '%(value)s'"),
    "matrix.rules_list": N_("rules must be a non-empty list"),
    "matrix.same_rule": N_("same function_group/risk_class as rule %(other)s"),
    "matrix.version_twice": N_("version %(n)s appears more than once"),
    "matrix.yaml": N_("not valid YAML (%(error)s)"),
    # exams (blueprints), their feedback policy, the competence model
    "blueprint.title_language": N_("title has no %(lang)s text"),
    "blueprint.pass_mark": N_("pass_mark must be between 0 and 1"),
    "blueprint.items_per_competence": N_("items_per_competence needs at least one competence with a count ≥ 1"),
    "blueprint.max_attempts": N_("max_attempts must be at least 1 (or empty for no limit)"),
    "blueprint.retake_wait_days": N_("retake_wait_days cannot be negative"),
    "blueprint.time_limit": N_("time_limit_minutes must be at least 1 (or empty for no limit)"),
    "blueprint.assembly": N_("assembly must be one of %(known)s"),
    "blueprint.max_exposure_rate": N_("max_exposure_rate must be above 0 and at most 1"),
    "feedback.mapping": N_("feedback must map after_fail/after_pass/after_last_attempt to a level"),
    "feedback.unknown_moment": N_("feedback: unknown moment '%(name)s'"),
    "feedback.level": N_("feedback.%(moment)s must be one of %(known)s"),
    "model.name_language": N_("name has no %(lang)s text"),
    "model.unknown_levels": N_("unknown levels %(levels)s"),
    # the rollout plan
    "plan.date": N_("%(field)s must be a date like 2027-03-31, not '%(value)s'"),
    "plan.mapping": N_("the plan must be a mapping with scenario and phases"),
    "plan.scenario": N_("scenario must be one of %(known)s, not '%(value)s'"),
    "plan.phases": N_("phases must be a non-empty list"),
    "plan.phase_mapping": N_("must be a mapping"),
    "plan.key": N_("key must be lower-case letters, digits, - or _"),
    "plan.unknown_fields": N_("unknown fields %(fields)s; allowed are %(allowed)s"),
    "plan.name_language": N_("name has no %(lang)s text"),
    "plan.units": N_("units must be a list of names"),
    "plan.units_need_dimension": N_("units need a dimension (%(known)s)"),
    "plan.dimension": N_("dimension must be one of %(known)s, not '%(value)s'"),
    "plan.dimension_needs_units": N_("a dimension needs at least one unit (leave both out for everybody)"),
    "plan.levels": N_("levels must be a non-empty list of %(known)s"),
    "plan.unknown_levels": N_("unknown levels %(levels)s; known are %(known)s"),
    "plan.end_before_start": N_("end %(end)s is before start %(start)s"),
    "plan.pilot": N_("pilot must be true or false"),
    "plan.key_twice": N_("key is used twice"),
    "plan.one_pilot": N_("only one phase can be the pilot"),
    "plan.all_at_once": N_("all_at_once has exactly one phase, for everybody (no dimension or units)"),
    "plan.hybrid_everybody": N_("hybrid needs a phase for everybody (no units) with the lowest level"),
    "plan.hybrid_units": N_("hybrid needs at least one phase for particular units"),
    "plan.unit_twice": N_("%(unit)s at %(level)s is already in phase %(other)s"),
    "plan.message_mapping": N_("message must be a mapping with %(allowed)s"),
    "plan.message_fields": N_("unknown message fields %(fields)s; allowed are %(allowed)s"),
    "plan.message_part": N_("message %(part)s must map the languages %(known)s to a text"),
    "plan.message_too_long": N_("message %(part)s in %(lang)s has %(length)s characters; at most %(limit)s"),
    "plan.message_placeholder": N_("message %(part)s in %(lang)s has the unknown placeholder %(name)s; "
                                   "known are %(known)s"),
    "plan.message_control": N_("message %(part)s in %(lang)s has control characters"),
    "plan.message_brace": N_("message %(part)s in %(lang)s has a brace without its pair; write {{ or }} "
                             "for a brace itself"),
    # policies
    "policy.mapping": N_("a policy must be a mapping with key, title, version, effective_from and clauses"),
    "policy.key": N_("key must be capital letters, digits or _ (e.g. INFOSEC)"),
    "policy.title_language": N_("title has no %(lang)s text"),
    "policy.text_language": N_("text has no %(lang)s text"),
    "policy.version": N_("version is missing (e.g. \"2026.2\")"),
    "policy.effective_from": N_("effective_from must be a date like 2026-07-01, not '%(value)s'"),
    "policy.clauses": N_("clauses must be a non-empty list"),
    "policy.clause_mapping": N_("must be a mapping with key, title and text"),
    "policy.clause_key": N_("key must start with the policy key and a dash (e.g. %(example)s)"),
    "policy.clause_key_twice": N_("key is used twice"),
    "policy.register": N_("the register must be a mapping with a list under 'policies'"),
    "policy.listed_twice": N_("listed twice"),
    # spreadsheet uploads (HR and item imports)
    "sheet.empty_person": N_("the file is empty; it needs a header row and one row per person"),
    "sheet.empty_question": N_("the file is empty; it needs a header row and one row per question"),
    "sheet.header_unreadable": N_("the header row cannot be read (%(error)s)"),
    "sheet.line_unreadable": N_("this line cannot be read as CSV (%(error)s); check the quotes"),
    "sheet.xlsx_unreadable": N_("the Excel file cannot be opened (%(error)s)"),
    "sheet.xlsx_damaged": N_("the Excel file is damaged and cannot be read (%(error)s)"),
    "sheet.xlsx_empty_person": N_("the first sheet is empty; it needs a header row and one row per person"),
    "sheet.xlsx_empty_question": N_("the first sheet is empty; it needs a header row and one row per question"),
    # the item import from CSV/XLSX
    "table.yes_no": N_("%(cell)s is '%(value)s'; write yes or no"),
    "table.number": N_("%(cell)s is '%(value)s', which is not a number; write a number such as 72 or 0.5"),
    "table.empty_for_type": N_("the cell '%(cell)s' is empty; a %(type)s question needs it"),
    "table.empty": N_("the cell '%(cell)s' is empty; it must be filled in"),
    "table.missing_columns": N_("the header row has no column %(columns)s; start from an exported file or the "
                                "documented column list"),
    "table.missing_columns_more": N_("the header row has no column %(columns)s and %(more)s more; start from an "
                                     "exported file or the documented column list"),
    "table.unknown_columns": N_("the header row has unknown column(s) %(columns)s; check the spelling (the column "
                                "names are listed in the documentation)"),
    "table.too_many_rows": N_("the file has more than %(max)s questions; split it into smaller files"),
    "table.no_questions": N_("the file has a header row but no questions"),
    "table.not_utf8": N_("the file is not UTF-8 text; in Excel choose 'CSV UTF-8 (comma delimited)' when saving"),
    "table.not_xlsx": N_("this is not an Excel (.xlsx) file; save it as 'Excel Workbook (.xlsx)'"),
    # the item import from QTI packages
    "qti.no_version_nl": N_("%(label)s has no Dutch version (only English was found); add it to the package, or "
                            "import with 'fill in missing language' switched on"),
    "qti.no_version_en": N_("%(label)s has no English version (only Dutch was found); add it to the package, or "
                            "import with 'fill in missing language' switched on"),
    "qti.different_types": N_("the language versions are different question types (%(types)s)"),
    "qti.different_meta_nl": N_("the Dutch version has a different %(field)s ('%(value)s' instead of '%(first)s')"),
    "qti.different_meta_en": N_("the English version has a different %(field)s ('%(value)s' instead of "
                                "'%(first)s')"),
    "qti.manifest_href": N_("the manifest lists '%(href)s', but that file is not in the package"),
    "qti.two_versions_nl": N_("question '%(key)s' has two Dutch versions (also %(other)s)"),
    "qti.two_versions_en": N_("question '%(key)s' has two English versions (also %(other)s)"),
    "qti.case_version_nl": N_("the case has no Dutch version"),
    "qti.case_version_en": N_("the case has no English version"),
    "qti.no_questions": N_("the package contains no questions"),
    "qti.no_declaration": N_("%(label)s has no response declaration (qti-response-declaration), so the correct "
                             "answer is unknown; add one in the authoring tool and export again"),
    "qti.unsupported": N_("%(label)s uses an interaction this tool does not support (%(names)s); only choice, "
                          "order, match and text-entry questions can be imported"),
    "qti.no_interaction": N_("%(label)s has no interaction (choice, order, match or text entry) in its item body"),
    "qti.interactions": N_("%(label)s has %(n)s interactions; only questions with one interaction can be imported"),
    "qti.not_an_item": N_("this is not a QTI question (the file starts with <%(element)s>, expected "
                          "<qti-assessment-item> or <assessmentItem>)"),
    "qti.language": N_("the language (%(lang)s) is not Dutch (nl) or English (en); set xml:lang on the question"),
    "qti.no_language": N_("the language (not given) is not Dutch (nl) or English (en); set xml:lang on the "
                          "question"),
    "qti.no_declaration_for": N_("the interaction answers '%(rid)s', but there is no response declaration with "
                                 "that identifier"),
    "qti.type_differs": N_("the metadata says type '%(declared)s', but the question is a %(interaction)s "
                           "(%(type)s)"),
    "qti.order_incomplete": N_("%(label)s: the correct order (qti-correct-response) must list every option exactly "
                               "once"),
    "qti.match_sets": N_("%(label)s: a match question needs two sets of choices (qti-simple-match-set)"),
    "qti.no_match": N_("%(label)s: '%(left)s' has no correct match"),
    "qti.no_correct": N_("%(label)s has no correct answer (qti-correct-response is missing)"),
    "qti.not_a_number": N_("%(label)s: the correct answer '%(value)s' is not a number"),
    "qti.no_accepted": N_("%(label)s has no accepted answers (qti-correct-response or qti-mapping)"),
    "qti.other_options_nl": N_("%(label)s: the Dutch version has other options or other correct answers than the "
                               "English version"),
    "qti.other_options_en": N_("%(label)s: the English version has other options or other correct answers than "
                               "the Dutch version"),
    "qti.other_pairs_nl": N_("%(label)s: the Dutch version has other pairs than the other language"),
    "qti.other_pairs_en": N_("%(label)s: the English version has other pairs than the other language"),
    "qti.different_answers": N_("%(label)s: the language versions have different answers (%(values)s)"),
    "qti.different_tolerances": N_("%(label)s: the language versions have different tolerances (%(values)s)"),
    "gift.pair_keys": N_("the '// @meta' pair keys do not match the number of pairs"),
    # the item import from GIFT
    "gift.meta_object": N_("is not a JSON object"),
    "gift.meta_json": N_("is not valid JSON (%(error)s at column %(column)s)"),
    "gift.meta": N_("the '// @meta' line above the question %(problem)s"),
    "gift.text_before_answers": N_("unexpected text '%(text)s' before the first answer"),
    "gift.one_language": N_("the %(what)s is not in two languages; write it as <span lang=\"nl\" "
                            "class=\"multilang\">…</span><span lang=\"en\" class=\"multilang\">…</span>"),
    "gift.name_not_closed": N_("the question name starts with '::' but is not closed with '::'"),
    "gift.no_answers": N_("the question has no answers: add them between { and } (a '{' or '}' in the text itself "
                          "must be written as \\{ or \\})"),
    "gift.brace_not_closed": N_("the answer part opened with '{' on line %(line)s is never closed with '}'; add the "
                                "closing brace (or write a literal brace as \\{)"),
    "gift.second_brace": N_("a second '{' was found inside the answers (line %(line)s); write a literal brace as "
                            "\\{"),
    "gift.missing_word": N_("text after the closing '}' (a 'missing word' question) is not supported; put the "
                            "answers at the end of the question"),
    "gift.no_name": N_("the question has no name; start it with ::key:: (the question key)"),
    "gift.type_differs": N_("the '// @meta' line says type '%(declared)s', but the answers are written as a "
                            "%(type)s question"),
    "gift.option_keys": N_("the '// @meta' line lists %(keys)s option keys, but the question has %(answers)s "
                           "answers"),
    "gift.numeric": N_("the numeric answer '%(answer)s' must look like {#72:0} (answer:tolerance)"),
    "gift.not_answers": N_("the answers '%(answers)s' are not GIFT answers: each answer starts with '=' (right) or "
                           "'~' (wrong), or use {TRUE}/{FALSE} or {#number:tolerance}"),
    "gift.some_pairs": N_("some answers are pairs ('->') and some are not; a matching question uses '=left -> "
                          "right' for every answer"),
    "gift.no_questions": N_("the file contains no questions"),
    # what the GIFT import assumed for a plain Moodle question (shown in the preview, not errors)
    "gift.assumed_key": N_("key '%(key)s' made from the question name '%(name)s'"),
    "gift.assumed_key_no_name": N_("key '%(key)s' made from the question text (the question has no name)"),
    "gift.assumed_competence_form": N_("competence '%(value)s', as chosen for the whole file"),
    "gift.assumed_level_form": N_("level '%(value)s', as chosen for the whole file"),
    "gift.assumed_competence_category": N_("competence '%(value)s', from the category '%(category)s'"),
    "gift.assumed_level_category": N_("level '%(value)s', from the category '%(category)s'"),
    "gift.assumed_language_nl": N_("the texts are taken as Dutch; the English translation is still to be written "
                                   "in the draft before it can be sent for review"),
    "gift.assumed_language_en": N_("the texts are taken as English; the Dutch translation is still to be written "
                                   "in the draft before it can be sent for review"),
    "gift.assumed_no_rationale": N_("no general feedback (####): write the rationale in the draft"),
    # uploaded packages (zip) and XML files
    "zip.not_zip": N_("this is not a zip file; export the package again as a .zip"),
    "zip.damaged": N_("the zip file is damaged and cannot be opened (%(error)s)"),
    "zip.too_many_files": N_("the package holds %(files)s files; at most %(max)s are allowed"),
    "zip.too_large": N_("the package unpacks to %(mb)s MB; at most %(max)s MB is allowed"),
    "zip.outside": N_("this file path points outside the package (it contains '..' or is absolute); the package is "
                      "refused"),
    "zip.entry": N_("cannot be unpacked (%(error)s)"),
    "zip.too_large_unpacked": N_("the package unpacks to more than %(max)s MB; it is refused"),
    "xml.doctype": N_("the file declares a DOCTYPE or entities; that is not allowed in QTI files (it can be used to "
                      "read files from the server), so the file is refused"),
    "xml.not_well_formed": N_("the file is not well-formed XML: %(error)s"),
    # the HR import
    "hr.columns_twice": N_("the columns '%(first)s' and '%(second)s' both mean %(column)s; keep one of them"),
    "hr.no_number_column": N_("the header row has no column %(columns)s (or personeelsnummer); the first row must "
                              "hold the column names"),
    "hr.too_many_rows": N_("the file has more than %(max)s people; split it into smaller files (for example per "
                           "business unit)"),
    "hr.extra_cells": N_("the row has %(cells)s cells but the header has %(columns)s columns; check for a stray "
                         "separator"),
    "hr.number_empty": N_("employee_number is empty; every person needs their employee number"),
    "hr.number_twice": N_("employee number %(number)s is also on %(other)s; every employee number may appear only "
                          "once"),
    "hr.name_empty": N_("the name is empty; give the person's name (reports and reminders show it)"),
    "hr.unknown_function_group": N_("function group '%(value)s' is not in the role matrix (known: %(known)s); "
                                    "correct it, or add it to the role matrix first"),
    "hr.unknown_risk_class": N_("risk class '%(value)s' is not in the role matrix (known: %(known)s); "
                                "correct it, or add it to the role matrix first"),
    "hr.email": N_("email '%(email)s' is not an e-mail address (name@example.com)"),
    "hr.leave_before_hire": N_("leave_date %(leave)s is before hire_date %(hire)s"),
    "hr.subject_twice": N_("lti_subject %(subject)s is also on %(other)s; one LMS account belongs to one person"),
    "hr.no_people": N_("the file has a header row but no people"),
    "hr.not_a_date": N_("%(column)s is '%(value)s', which is not a date; write YYYY-MM-DD (2025-03-01) or "
                        "DD-MM-YYYY (01-03-2025)"),
    "hr.too_long": N_("%(column)s is %(length)s characters long; at most %(max)s fit"),
    "hr.own_manager": N_("a person cannot be their own manager; leave the manager empty at the top of the "
                         "organisation"),
    "hr.unknown_manager": N_("manager %(manager)s is not in this file and not a known employee; add the manager's "
                             "row or correct the number"),
    "hr.not_utf8": N_("the file is not UTF-8 text; in Excel choose 'CSV UTF-8 (comma delimited)' when saving, or "
                      "export UTF-8 from the HR system"),
    "hr.not_xlsx": N_("this is not an Excel (.xlsx) file; save it as 'Excel Workbook (.xlsx)' or export CSV"),
    # the learning path catalogue (authoring, learning paths)
    "path.key": N_("the key '%(key)s' may only contain lower-case letters, digits, '-' and '_', and must start with a "
                   "letter or digit"),
    "path.key_repeated": N_("the key '%(key)s' is used by another activity already"),
    "path.unknown_kind": N_("'%(kind)s' is not a kind of activity; choose one from the list"),
    "path.unknown_competence": N_("'%(competence)s' is not a competence of the competence model"),
    "path.unknown_level": N_("'%(level)s' is not a level of the competence model"),
    "path.level_of_competence": N_("the competence '%(competence)s' is not assessed at level '%(level)s'"),
    "path.title_nl": N_("give the title in Dutch"),
    "path.title_en": N_("give the title in English"),
    "path.bad_url": N_("'%(url)s' is not a web address; start it with https://"),
    "path.url_needed": N_("give the address of the course or module in the LMS"),
    "path.bad_iri": N_("'%(iri)s' is not an xAPI activity id; use an IRI such as https://lms.example.nl/xapi/course-1"),
    "path.iri_needed": N_("give the e-learning's xAPI activity id (an IRI), so its completion can be read"),
    "path.bad_moment": N_("'%(text)s' is not a date and time"),
    "path.moment_needed": N_("give the date and time"),
    "path.end_before_start": N_("the session ends before it starts"),
    "path.place_needed": N_("give the place of the session"),
    "path.too_long": N_("this is %(length)s characters long; at most %(max)s fit"),
    "path.not_a_list": N_("the catalogue needs a list 'activities' of activities"),
    "path.too_many": N_("the catalogue has %(count)s activities; at most %(max)s fit"),
}
