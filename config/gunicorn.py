"""gunicorn's settings: `gunicorn -c config/gunicorn.py config.wsgi -w 4 -b 127.0.0.1:8000`.

nginx keeps the access log (docs/deployment.md), so gunicorn writes none: a second copy
would only double what is kept about visitors. Whoever switches it on for a while
(`--access-logfile -`) gets this format: the path without its query string (search
terms travel there), and no client address, referrer (which carries the previous page's
query string) or user agent.
"""

accesslog = None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
