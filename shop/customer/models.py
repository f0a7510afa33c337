# Forked for the account area's views and URLs (apps.py); the models stay Oscar's.
from oscar.apps.customer.models import *  # noqa: F403
