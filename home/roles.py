"""The roles of PRODUCT.md as Django groups: what each may do in the two admins.

Buyers and learners are plain accounts; what they may see follows from their orders
and enrolments, not from a group. Run `manage.py setup_roles` after each deployment.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"  # created by Wagtail's migrations with page rights on the tree
SELLERS = "Sellers"
STAFF = "Staff"

GROUP_PERMISSIONS = {
    EDITORS: [("wagtailadmin", "access_admin")],
    # Sellers reach Oscar's dashboard for their own partner only, and the Wagtail
    # admin for their own catalogue subtree (page rights are granted per seller).
    SELLERS: [("wagtailadmin", "access_admin"), ("partner", "dashboard_access")],
    # Staff also carry is_staff, which opens the whole Oscar dashboard.
    STAFF: [("wagtailadmin", "access_admin")],
}


def ensure_role_groups() -> dict[str, Group]:
    """Create the groups and give them their permissions; safe to run again."""
    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        groups[name] = group
    return groups
