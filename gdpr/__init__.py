"""The personal-data registry and the engine built on it (export, erasure, retention).

Other apps ask `gdpr.is_restricted(user, purpose)` before any non-essential processing.
"""


def is_restricted(user, purpose: str) -> bool:
    from gdpr.restriction import is_restricted as _is_restricted

    return _is_restricted(user, purpose)
