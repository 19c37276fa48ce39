"""Partnerships and their agencies (council, police, health, housing): who takes part in a review."""
