# The web app under gunicorn, with production settings.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    PORT=8000

WORKDIR /app
RUN useradd --create-home --uid 1000 app

# Pango, HarfBuzz and Noto fonts for printable handouts (WeasyPrint).
COPY deploy/install-system-packages.sh ./deploy/
RUN bash deploy/install-system-packages.sh && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY config ./config
COPY guide ./guide
COPY api ./api
COPY manage.py ./
RUN pip install --no-cache-dir .

# collectstatic needs settings to import; a throwaway key is used only for this build step.
RUN SECRET_KEY=build-only-not-used-at-run-time-0123456789abcdefghijklmnopqrstuvwxyz \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input

USER app
EXPOSE 8000
# Worker class, count and threads: config/gunicorn.conf.py (chosen by `make bench`).
CMD ["sh", "-c", "gunicorn -c config/gunicorn.conf.py config.wsgi:application --access-logfile -"]
