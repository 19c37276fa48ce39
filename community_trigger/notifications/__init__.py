"""Messages to applicants, one function each; how they travel (email backend) is configuration."""
