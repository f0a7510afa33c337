"""Where course material lives: outside MEDIA_ROOT, so no URL reaches it directly.

Files are handed out only by views that check access first (and, in production, by
nginx through X-Accel-Redirect after that check).
"""

import posixpath

from django import forms
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


class MediaStorage(FileSystemStorage):
    """The default storage: public uploads in MEDIA_ROOT, except Wagtail's documents.

    Wagtail keeps every document under "documents/" of the default storage (its model
    has no storage of its own), and a document may be paid lesson material. Those files
    live in the private storage instead, under the same names, so that no URL under
    MEDIA_URL reaches them: Wagtail's serve view hands them out after its
    `before_serve_document` check, and signed URLs after courses.access said yes.
    `manage.py move_documents_private` moves the files of an older installation.
    """

    private_prefixes = ("documents/",)

    @classmethod
    def is_private(cls, name: str) -> bool:
        name = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/")
        return any(name == prefix.rstrip("/") or name.startswith(prefix) for prefix in cls.private_prefixes)

    def _in(self, name):
        """The storage that holds `name`."""
        return private_storage() if self.is_private(name) else super()

    def path(self, name):
        return self._in(name).path(name)

    def exists(self, name):
        return self._in(name).exists(name)

    def delete(self, name):
        return self._in(name).delete(name)

    def size(self, name):
        return self._in(name).size(name)

    def listdir(self, path):
        return self._in(path).listdir(path)

    def get_accessed_time(self, name):
        return self._in(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._in(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._in(name).get_modified_time(name)

    def _open(self, name, mode="rb"):
        return self._in(name)._open(name, mode)

    def _save(self, name, content):
        return self._in(name)._save(name, content)

    def url(self, name):
        if self.is_private(name):
            # Wagtail's serve view takes NotImplementedError as "no direct URL".
            raise NotImplementedError("Documents have no URL under MEDIA_URL.")
        return super().url(name)


@receiver(setting_changed)
def _reset_private_storage(setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        _private._wrapped = empty


class PrivateFileInput(forms.ClearableFileInput):
    """A file field's widget for a file in private storage: it names the current file
    instead of linking it, since such a file has no URL (Django's widget asks for one)."""

    template_name = "courses/widgets/private_file_input.html"

    def is_initial(self, value):
        # Django's asks hasattr(value, "url"), which a private file answers with an error.
        return bool(value and getattr(value, "name", None))
