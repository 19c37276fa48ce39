"""The yearly figures s104 asks a partnership to publish, computed from its cases, and their snapshots."""
