"""Information sharing: the coordinator's requests to the agencies, their answers, and their due dates."""
