"""Where a case's incidents happen, who is said to be responsible, and the cases linked to it."""
