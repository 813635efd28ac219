"""The Celery app: tasks (webhook deliveries) run in a worker, `celery -A config worker`.

Configuration comes from Django settings prefixed `CELERY_`. Without a broker
(`CELERY_BROKER_URL` or `REDIS_URL`) tasks run eagerly in the web process, so `make run`
works without a worker.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
