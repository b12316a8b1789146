"""Settings for bench/longpoll.py: the site's own, with limits lifted and a fast hasher."""

import os

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FRIENDFEED_LONGPOLL_LIMIT = (10**9, 3600)
FRIENDFEED_WRITE_LIMIT = (10**9, 3600)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

if os.environ.get("BENCH_NO_WHITENOISE"):
    # WhiteNoise is a sync-only middleware: under it every async request holds a thread.
    MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
if os.environ.get("BENCH_SHARED_EXECUTOR"):
    REALTIME_THREAD_SENSITIVE = False
# Idle polls must outlast opening thousands of them (production caps at 55 s).
REALTIME_MAX_TIMEOUT = 300
