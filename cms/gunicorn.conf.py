"""gunicorn's configuration of the site (``make serve``), read from the environment.

HOST and PORT: where to listen (127.0.0.1:8000); WEB_CONCURRENCY: worker processes (2);
GUNICORN_THREADS: threads per worker (1); GUNICORN_TIMEOUT: seconds before a silent worker
is restarted (30); GUNICORN_ACCESS_LOG: where the access log goes ("-", stdout; "" for
none).
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
wsgi_app = "cms.wsgi:application"

# One line per request; errors (with tracebacks, from Django's LOGGING) go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn's default request line (4094 bytes) refuses with 414 a 500-character search of
# multi-byte characters (up to 12 bytes each once percent-encoded) that the API accepts.
# 8190 is gunicorn's largest bound; a longer request line still answers 414.
limit_request_line = 8190
