"""Incident records the partnership's agencies send (by upload or API), for early warning."""
