"""The public pages: explaining pages, the question pages, and coming back later."""
