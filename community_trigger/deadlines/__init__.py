"""What is due, and the reminders about it: the "Due and overdue" page and the daily reminder emails."""
