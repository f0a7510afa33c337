# Forked so that later work can override partner models; keeps Oscar's label.
from oscar.apps.partner.models import *  # noqa: F403
