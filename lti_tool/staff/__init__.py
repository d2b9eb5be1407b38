"""Pages for course staff (L&D, administrators) reached through an LTI launch."""
