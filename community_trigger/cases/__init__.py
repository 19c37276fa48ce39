"""Applications for a case review once submitted: who, what happened, consent, the assessment."""
