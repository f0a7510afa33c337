"""StreamField blocks shared by the site's pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from gdpr.blocks import PrivacyRegistryBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; editors pick the level so the outline stays correct."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class BodyBlock(blocks.StreamBlock):
    """The free-form body of standard and policy pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = ImageBlock(label=_("Image"))
    privacy_registry = PrivacyRegistryBlock()

    class Meta:
        label = _("Body")
