"""Documents and evidence on a case: uploaded, checked, scanned, stored and released by who may see them."""
