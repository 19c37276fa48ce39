"""Early warning: what the agencies' incident records show before anyone has to ask (issue 18)."""
