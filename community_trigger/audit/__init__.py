"""An append-only log of who saw and changed personal data, and when."""
