"""Standard setting: modified Angoff rounds with the Hofstee compromise, and the panel\x27s rating pages."""
