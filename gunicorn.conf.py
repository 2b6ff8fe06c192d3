"""gunicorn's settings for this project's app servers.

gunicorn reads this file by itself when started from the project root
(``.venv/bin/gunicorn lms.wsgi``), as docs/deploy.md, ``make loadtest`` and the benchmarks
do; command-line options (``--workers``, ``--bind``, ``--timeout``) still win.

Why these (docs/deploy.md, "App servers"):

* ``gthread`` with **one thread per worker** keeps connections alive between requests.
  gunicorn's default ``sync`` worker closes the connection after every response, so nginx
  (whose ``upstream`` keeps idle connections, docs/deploy.md) or a load balancer opens a
  new TCP connection for each request. A page served from the page cache takes well under
  a millisecond of Python; the connection set-up then costs as much again
  (``benchmarks/throughput.py``, docs/caching.md).
* One thread: a worker still runs one request at a time, as ``sync`` did. WeasyPrint
  (Pango, fontconfig) is not safe to run in several threads of one process, and a
  certificate can be rendered in a request (a revoked copy for staff, a template preview);
  more requests at once come from more workers (``--workers``), not threads.
"""

worker_class = "gthread"
threads = 1
# Seconds an idle kept-alive connection stays open. Longer than nginx's upstream
# keepalive_timeout (60 s by default), so that nginx, not gunicorn, closes an idle
# connection: nginx then never sends a request on a connection gunicorn is closing.
keepalive = 75
