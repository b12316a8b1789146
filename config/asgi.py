"""ASGI entry point (uvicorn): long polls need an async server.

Static files are answered before Django's middleware chain, so the chain stays fully async
(a sync-only middleware would pin every waiting long poll to a thread of its own).
"""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = ASGIStaticFilesHandler(get_asgi_application())
