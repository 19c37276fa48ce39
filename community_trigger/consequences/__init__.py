"""What follows from each change to a case: its audit entry, the yearly figures' counts, the letters and
emails. One dispatcher derives them from the case's events (cases/history.py records them)."""
