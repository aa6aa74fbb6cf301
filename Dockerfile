# The renovation portal's image: web (gunicorn, the default command), Celery worker and beat
# all run from it (see docker-compose.yml and docs/deployment.md).
#
# No system packages are needed: psycopg2-binary, Pillow, lxml and hiredis ship wheels with
# their libraries, and nothing renders text into images or PDFs on the server (no CJK fonts).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=renovation.settings.production \
    MEDIA_ROOT=/var/lib/renovation/media \
    GUNICORN_BIND=0.0.0.0:8000

# The service user, and the folders the named volumes are mounted on: a new volume takes the
# owner of the folder it is mounted on, so media and beat's schedule are writable by this user.
RUN useradd --system --user-group --uid 10001 --home-dir /var/lib/renovation \
        --shell /usr/sbin/nologin renovation \
    && install -d -o renovation -g renovation -m 0750 \
        /var/lib/renovation /var/lib/renovation/media /var/lib/renovation/beat

WORKDIR /app

# The dependencies of pyproject.toml's [project] (not the dev extras), in a layer of their own
# that is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code, folder by folder (so that .venv, .env, .git and db.sqlite3 never enter the image).
# A new top-level folder the portal needs must be added here.
COPY README.md manage.py gunicorn.conf.py ./
COPY renovation ./renovation
COPY compounds ./compounds
COPY progress ./progress
COPY oversight ./oversight
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Installed in place, as `make install` does: templates/, static/ and locale/ are found beside
# the code (BASE_DIR), not in site-packages. collectstatic needs the production settings'
# three required values; these are throwaway and do not stay in the image. The .mo
# translation files are committed, so no gettext is needed.
RUN pip install --no-deps -e . \
    && SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:///:memory: \
        python manage.py collectstatic --noinput -v0 \
    && python -m compileall -q renovation compounds progress oversight

USER renovation
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "renovation.wsgi:application"]
