"""Community Trigger: the statutory ASB Case Review, from a victim's request to the yearly figures."""
