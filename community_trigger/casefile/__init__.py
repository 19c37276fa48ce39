"""One case as one person may see it and act on it: built from each context's selectors, above them."""
