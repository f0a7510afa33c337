# Forked so that later work can override order models; keeps Oscar's label.
from oscar.apps.order.models import *  # noqa: F403
