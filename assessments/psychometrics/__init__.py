"""Psychometrics of the exams: reliability and measurement error (``reliability``), the consistency of the
pass/fail decision (``decisions``), IRT calibration of the bank (``irt``) and differential item functioning
(``dif``). Pure functions on plain data (numpy, scipy, statsmodels, girth); the minimum samples are here too
(``samples``), so every page and export suppresses the same numbers."""
