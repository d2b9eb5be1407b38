"""Report figures grouped in the database (``queries``): coverage, level mix, lagging groups, trend."""
