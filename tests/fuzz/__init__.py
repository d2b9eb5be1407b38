"""Property-based fuzzing (Hypothesis): no 500s and no partial writes under random and mutated input."""
