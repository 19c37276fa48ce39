"""The public HTTP API (version 1): the threshold engine, documented with OpenAPI."""
