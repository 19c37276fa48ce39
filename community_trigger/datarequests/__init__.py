"""Subject access, rectification and erasure requests: recorded, searched for, answered, closed."""
