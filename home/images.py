"""Image uploads: Wagtail's checks, plus a full decode so a damaged file is refused, not a 500.

Wagtail 8 lets Pillow's OSError on a truncated image escape its pixel-size check,
which turns a broken upload into a server error.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image


class CheckedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken file
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc

    def to_python(self, data):
        f = super().to_python(data)
        if f is None or not hasattr(data, "seek"):
            return f
        data.seek(0)
        try:
            with Image.open(data) as image:
                image.load()  # decode every pixel: a truncated file fails here
        except Exception as exc:  # noqa: BLE001
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        finally:
            data.seek(0)
        return f


class ImageForm(BaseImageForm):
    file = CheckedImageField(label=_("File"))
