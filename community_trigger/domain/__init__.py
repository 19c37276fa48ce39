"""The rules of the Community Trigger procedure, in pure Python with no Django import."""
