"""Minimum samples: below these no number is reported (too few responses to be meaningful)."""

from __future__ import annotations

#: attempts of a blueprint version before reliability, SEM and decision consistency are reported
MIN_ATTEMPTS_RELIABILITY = 30
#: attempts of a level before an IRT calibration is run
MIN_ATTEMPTS_CALIBRATION = 100
#: responses to an item before it takes part in a calibration (fewer: left out and listed)
MIN_ITEM_RESPONSES = 30
#: responses per group per item before a DIF statistic is reported
MIN_DIF_GROUP = 50
#: responses to an item before its infit/outfit is flagged
MIN_FIT_RESPONSES = 30
#: the infit/outfit mean squares outside which an item is flagged (Wright & Linacre's 0.7–1.3 for MCQ tests)
FIT_RANGE = (0.7, 1.3)
