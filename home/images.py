"""Image uploads: Wagtail's checks, plus a full decode so a damaged file is refused, not a 500.

Wagtail 8 lets Pillow's OSError on a truncated image escape its pixel-size check,
which turns a broken upload into a server error. And WeasyPrint, once imported, sets
Pillow's process-wide LOAD_TRUNCATED_IMAGES so that its PDFs survive broken pictures;
the check must not inherit that, so it decodes with the flag off.
"""

import threading
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image, ImageFile

_strict = threading.Lock()


@contextmanager
def truncated_images_refused():
    """Pillow refuses truncated images inside this block, whatever another library set.
    The lock keeps two checks from restoring each other's value."""
    with _strict:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


class CheckedImageField(WagtailImageField):
    default_error_messages = {
        "damaged_image": _(
            "This image is damaged or incomplete: it cannot be read to the end. "
            "Save or export it again and upload the new file."
        ),
    }

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken file
            raise ValidationError(self.error_messages["damaged_image"], code="invalid_image") from exc

    def to_python(self, data):
        with truncated_images_refused():
            f = super().to_python(data)
            if f is None or not hasattr(data, "seek"):
                return f
            data.seek(0)
            try:
                with Image.open(data) as image:
                    image.load()  # decode every pixel: a truncated file fails here
            except Exception as exc:  # noqa: BLE001
                raise ValidationError(self.error_messages["damaged_image"], code="invalid_image") from exc
            finally:
                data.seek(0)
        return f


class ImageForm(BaseImageForm):
    file = CheckedImageField(label=_("File"))
