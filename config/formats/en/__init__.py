"""English as written in England and Wales."""
