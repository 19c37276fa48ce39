"""The review: the panel meeting, its recommendations and action plan, the outcome, and escalation."""
