"""Letters to applicants: one template per kind and partnership, rendered once, kept on the case."""
