"""gunicorn settings for the production layout (README, "Running in production").

gunicorn serves every request except the long polls: the website, the LiveJournal door and
the FriendFeed API are sync Django views, and a WSGI worker thread runs them without the
per-request thread hand-off Django's ASGI handler makes (FACTS.md: ~2.5x the trivial-view
throughput of the same views under uvicorn). The proxy sends `/v2/updates/` and
`/api/v2/updates/` to uvicorn (`config.asgi`), which holds waiting requests without a thread.

    gunicorn -c config/gunicorn.conf.py config.wsgi:application
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two single-threaded processes per core. The views are CPU-bound Python: threads in one
# process queue on its GIL (measured here: 4 threads per process, getevents p99 35 ms; one
# thread, two processes per core, 18 ms), while processes are scheduled by the kernel. Two
# per core, so one waiting on the network (an image_url fetch) leaves the core to another.
# gthread keeps client keep-alive; the proxy buffers slow clients. WEB_CONCURRENCY is
# gunicorn's own variable.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
keepalive = 5
# Above the slowest legitimate request (uploads with thumbnails are queued to Celery).
timeout = 60
graceful_timeout = 30
# Worker threads live as long as the worker, so their database connections can too
# (on PostgreSQL this replaces psycopg's pool: no checkout and return per request).
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# gunicorn 24+ opens a control socket in $HOME by default; the process manager stops and
# reloads workers with signals instead, and several servers on one host must not share it.
control_socket_disable = True
