"""The benches' settings: the app's own, as a deployment runs it (DEBUG off), plus a bare Django view.

The bare view (`/bench/bare/`, bench/urls.py) is the yardstick bench/public.py divides each public
page's throughput by: a response from the same gunicorn, middleware and database settings, but no
template, query or session of its own. It exists only here, never in the product's URLs.

A deployment needs a secret key, a host name, HTTPS and collected static files; the benches run on
one machine over plain HTTP, so they set what they need unless the environment already says it.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-in-a-deployment-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
# The stylesheet's name as it is, not a manifest's hashed name: no collectstatic before a bench.
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
