"""Document uploads (lesson material, PDFs) are checked by their content, not their name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

# What a document's first bytes must be for each extension we accept.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "pptx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "zip": [b"PK\x03\x04"],
    "txt": [],  # any text: checked to decode as UTF-8 below
    "csv": [],
}


def check_document(upload) -> None:
    name = upload.name.rsplit(".", 1)
    extension = name[1].lower() if len(name) == 2 else ""
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Files of type .%(ext)s cannot be uploaded. Allowed: %(allowed)s."),
            params={"ext": extension or "?", "allowed": ", ".join(sorted(SIGNATURES))},
            code="extension",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = SIGNATURES[extension]
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(
            _("This file is not a real .%(ext)s file, whatever its name says."),
            params={"ext": extension},
            code="content",
        )
    if not signatures:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Only a multi-byte character cut off by the 2 KiB sample is forgiven.
            if len(head) < 2048 or exc.start < len(head) - 3 or b"\x00" in head:
                raise ValidationError(_("This file is not plain UTF-8 text."), code="content") from exc


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_document(upload)
        return upload
