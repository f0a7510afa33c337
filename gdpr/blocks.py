"""The policy page's table of what is stored, why and for how long, read from the registry."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class PrivacyRegistryBlock(blocks.StructBlock):
    """Editors place it in a policy; its rows come from the code, in the reader's language,
    so the published policy cannot drift from what the platform stores."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)

    class Meta:
        icon = "table"
        label = _("Personal data we store (from the registry)")
        template = "blocks/privacy_registry_block.html"

    def get_context(self, value, parent_context=None):
        from gdpr.record import activities

        context = super().get_context(value, parent_context=parent_context)
        context["activities"] = activities()
        return context
