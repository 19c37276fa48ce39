# The Community Trigger image: one image for the web processes, the task workers and the migration
# (README: Running on several machines). Build it from the project folder: docker build -t community-trigger .

# The stylesheet and GOV.UK Frontend's and MoJ Frontend's files, from npm; only what they build is kept.
FROM node:22-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/scss static/scss
RUN npm run build

FROM python:3.11-slim
# WeasyPrint (the letters as PDF) needs Pango, HarfBuzz and fonts; python-magic needs libmagic.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-liberation libmagic1 \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# The pinned packages first, so a change to the code reuses this layer.
COPY pyproject.toml constraints.txt README.md ./
COPY community_trigger/__init__.py community_trigger/__init__.py
RUN pip install --no-cache-dir -c constraints.txt . && pip uninstall -y community-trigger
COPY . .
COPY --from=frontend /app/node_modules/govuk-frontend/dist node_modules/govuk-frontend/dist
COPY --from=frontend /app/node_modules/@ministryofjustice/frontend/moj node_modules/@ministryofjustice/frontend/moj
COPY --from=frontend /app/build build

# Static files collected and translations compiled at build time, with a throwaway key that never
# leaves this step; the running container reads its own SECRET_KEY from the environment.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --no-input --verbosity 0 \
    && for po in locale/*/LC_MESSAGES/django.po; do \
        pybabel --quiet compile --domain django --input-file "$po" --output-file "${po%.po}.mo"; \
    done

# Not root: the app writes only where it is told (MEDIA_ROOT, IMPORTS_PENDING_ROOT), under /data.
RUN useradd --create-home --uid 10001 app && mkdir -p /data/media /data/imports && chown -R app /data
USER app
ENV MEDIA_ROOT=/data/media IMPORTS_PENDING_ROOT=/data/imports LOG_FORMAT=json

EXPOSE 8000
# The access log names the method, the path without its query string (which may hold a postcode or a
# name), the status and the request id; never the client's address.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-", "--access-logformat", "%(m)s %(U)s %(s)s %(L)s %({x-request-id}i)s"]
