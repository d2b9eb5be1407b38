"""Learning paths per role: L&D's versioned catalogue of learning activities and each person's progress."""
