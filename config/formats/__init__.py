"""Date and number formats of the languages the service speaks, where Django's own do not suit."""
