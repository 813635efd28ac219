"""The real Celery worker, for scheduled publishing (`tests.support.celery_worker`)."""

from tests.support.celery_worker import _worker_on_redis, celery_worker  # noqa: F401
