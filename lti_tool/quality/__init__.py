"""The exam quality report (reliability, decision consistency, IRT calibration, DIF) for L&D."""
