"""The case diary: notes and the log of contacts (calls, emails, visits, letters) kept on a case."""
