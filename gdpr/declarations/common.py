"""Shorthands shared by the framework declarations."""

from datetime import UTC, datetime

from gdpr.erasure_actions import Placeholder
from gdpr.retention import RelationshipEndPlus

# How long after the customer relationship ends its data is kept: the policy's
# "within a reasonable time after the termination of the agreement".
AFTER_RELATIONSHIP = RelationshipEndPlus(months=12)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def Epoch():  # noqa: N802  (reads like the other strategies)
    return Placeholder(EPOCH)
