"""Settings of the server that bench/concerns.py --http starts (gunicorn): the project's
settings plus the benchmark's webhook secret, plain HTTP on 127.0.0.1."""

from config.settings import *  # noqa: F403

GONGKAI_CONCERNS_WEBHOOK_SECRET = "bench-secret"  # noqa: S105 - the benchmark's own secret
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
