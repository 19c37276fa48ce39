"""The public side: what the Community Trigger is and, in time, the online request journey."""
