"""The newsletter ("News"): sign-up with double opt-in, one-click opt-out, and editors
sending a news page to the subscribers.

`subscriptions` holds the consent's workflows (sign up, confirm, unsubscribe), `sending`
mails a news page in batches, at most once per subscriber, `views` the public pages,
`admin_views` the editors' pages (registered in `home/wagtail_hooks.py`), and `receivers`
ends a subscription whenever its address goes on the suppression list.
"""
