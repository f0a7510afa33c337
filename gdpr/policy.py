"""The policy page and the registry: stamp a published policy that shows the registry's
table with the registry's fingerprint, and tell editors when the two have drifted."""

from gdpr.models import PolicyRegistryStamp
from gdpr.registry import registry

BLOCK_NAME = "privacy_registry"


def shows_registry(page) -> bool:
    body = getattr(page.specific, "body", None)
    if body is None or not hasattr(body, "raw_data"):
        return False
    return any(block.get("type") == BLOCK_NAME for block in body.raw_data)


def stamp_if_showing_registry(page) -> PolicyRegistryStamp | None:
    if not shows_registry(page):
        return None
    stamp, _created = PolicyRegistryStamp.objects.update_or_create(
        page=page, defaults={"fingerprint": registry.fingerprint()}
    )
    return stamp


def registry_changed_since_published(page) -> bool:
    """True when `page` shows the registry and the registry changed after its last publication."""
    if not shows_registry(page):
        return False
    stamp = PolicyRegistryStamp.objects.filter(page_id=page.pk).first()
    return stamp is None or stamp.fingerprint != registry.fingerprint()
