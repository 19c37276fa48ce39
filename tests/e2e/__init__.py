"""Browser tests: real Chromium against the live test server (a package, so names can repeat)."""
