"""Where course material lives: outside MEDIA_ROOT, so no URL reaches it directly.

Files are handed out only by views that check access first (and, in production, by
nginx through X-Accel-Redirect after that check).
"""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage whose files have no URL at all."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    """The storage of STORAGES["private"], looked up when first used (and again after a
    settings change, as in tests)."""
    return _private


@receiver(setting_changed)
def _reset_private_storage(setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        _private._wrapped = empty
