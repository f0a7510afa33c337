"""The contact page and the cases its messages open, which staff handle in the Wagtail admin.

`spam` refuses robots without asking anyone else, `cases` holds the workflows, `views` the
public page and `admin_views` the staff's pages (registered in `home/wagtail_hooks.py`).
"""
