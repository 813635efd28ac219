"""Gunicorn settings for production and for `make bench` (the same file, so figures hold).

Chosen by measurement on 2 cores (docs/performance.md): `gthread` workers keep client and
proxy connections alive, which the `sync` worker cannot; one process per core, a few threads
each to overlap the cache round trip. Override with WEB_CONCURRENCY, GUNICORN_THREADS,
GUNICORN_WORKER_CLASS.
"""

from __future__ import annotations

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Each worker takes connections itself rather than through a lock, and recycles nothing:
# memory is shown flat by the bench, so max_requests would only add restarts.
reuse_port = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
