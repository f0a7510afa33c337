"""Where course material lives: outside MEDIA_ROOT, so no URL reaches it directly.

Files are handed out only by views that check access first (and, in production, by
nginx through X-Accel-Redirect after that check).
"""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
