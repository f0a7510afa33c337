"""The roles of PRODUCT.md as Django groups: what each may do in the two admins.

Buyers and learners are plain accounts; what they may see follows from their orders
and enrolments, not from a group. Run `manage.py setup_roles` after each deployment.
"""

from django.contrib.auth.models import Group, Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

EDITORS = "Editors"  # created by Wagtail's migrations with page rights on the tree
SELLERS = "Sellers"
STAFF = "Staff"
DATA_PROTECTION = "Data protection"
NEWS_SENDERS = "News senders"


def _crud(app_label, model, actions=("add", "change", "delete", "view")):
    return [(app_label, f"{action}_{model}") for action in actions]


GROUP_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        *_crud("courses", "subject"),
        *_crud("courses", "instructor"),
        *_crud("courses", "lessonvideo"),
        ("courses", "manage_all_videos"),
        *_crud("courses", "course", ("change", "view")),
        *_crud("courses", "seller", ("view",)),
        *_crud("certificates", "certificatedesign"),
        ("gdpr", "view_statistics"),  # Reports → Statistics: which courses are read, what is not found
    ],
    # Sellers reach Oscar's dashboard for their own partner only, and the Wagtail
    # admin for their own catalogue subtree (page rights are granted per seller).
    SELLERS: [
        ("wagtailadmin", "access_admin"),
        ("partner", "dashboard_access"),
        *_crud("courses", "lessonvideo", ("add", "change", "view")),
        *_crud("courses", "subject", ("view",)),
        *_crud("courses", "instructor", ("view",)),
        *_crud("certificates", "certificatedesign", ("view",)),
    ],
    # Staff also carry is_staff, which opens Oscar's dashboard; Oscar 4.2 asks staff for
    # model permissions on its product and order pages too, as do our invoicing pages.
    STAFF: [
        ("wagtailadmin", "access_admin"),
        *_crud("catalogue", "product", ("add", "change", "view")),
        *_crud("order", "order", ("change", "view")),
        *_crud("invoicing", "invoice", ("view",)),
        ("invoicing", "add_payment"),
        ("invoicing", "add_creditnote"),
        *_crud("invoicing", "bgmaximport", ("add", "view")),
        *_crud("invoicing", "fulfilmentissue", ("change", "view")),
        *_crud("certificates", "certificate", ("change", "view")),
        *_crud("gdpr", "processingrestriction", ("change", "view")),
        ("home", "handle_contactcase"),
        ("gdpr", "view_statistics"),
        # Settings → Cookies: the categories and cookies the banner and the cookie policy list.
        *_crud("gdpr", "cookiecategory", ("add", "change", "view")),
    ],
    # The data-protection officer and whoever handles people's requests: the queue,
    # customer lookup and legal holds; the audit log of privacy actions is theirs alone.
    DATA_PROTECTION: [
        ("wagtailadmin", "access_admin"),
        ("gdpr", "handle_privacyrequest"),
        *_crud("gdpr", "privacyrequest", ("change", "view")),
        *_crud("gdpr", "processingrestriction", ("change", "view")),
        *_crud("gdpr", "legalhold", ("add", "change", "view")),
        ("gdpr", "view_privacyevent"),
        # Closed contact cases kept as history (the policy: "limited ... with controlled authorization").
        ("home", "view_closed_contact_history"),
        # The proofs of cookie choices, looked up by a visitor's consent id; deleted on request.
        *_crud("gdpr", "cookieconsent", ("view", "delete")),
    ],
    # Mailing a news page to every subscriber is a step of its own, beyond publishing it:
    # whoever decides on marketing mail gets this role, usually with Editors'.
    NEWS_SENDERS: [
        ("wagtailadmin", "access_admin"),
        ("home", "send_news"),
    ],
}

# Editors work on the whole page tree (Wagtail's migrations grant the same; this makes
# the groups complete on any database).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]

# Rights on the root collection of images and documents. Adding lets a user edit
# what they uploaded themselves; changing others' files is for editors.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
    ],
    SELLERS: [
        ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
    ],
}  # fmt: skip


def ensure_role_groups() -> dict[str, Group]:
    """Create the groups and give them their permissions; safe to run again. A handful of
    queries however many permissions: seller onboarding runs it too."""
    wanted = {
        *(pair for pairs in GROUP_PERMISSIONS.values() for pair in pairs),
        *(pair for pairs in COLLECTION_PERMISSIONS.values() for pair in pairs),
        *(("wagtailcore", codename) for codename in EDITOR_PAGE_PERMISSIONS),
    }
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted},
            content_type__app_label__in={app for app, _codename in wanted},
        )
    }
    if missing := sorted(wanted - set(found)):
        raise Permission.DoesNotExist(f"Permissions missing (run migrate first?): {missing}")

    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(found[pair] for pair in permissions))
        groups[name] = group
    tree_root = Page.get_first_root_node()
    if tree_root is not None:
        _grant_once(
            GroupPagePermission,
            {
                (groups[EDITORS], tree_root, found["wagtailcore", codename])
                for codename in EDITOR_PAGE_PERMISSIONS
            },
            field="page",
        )
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    _grant_once(
        GroupCollectionPermission,
        {
            (groups[name], root, found[pair])
            for name, pairs in COLLECTION_PERMISSIONS.items()
            for pair in pairs
        },
        field="collection",
    )
    return groups


def _grant_once(model, grants: set, field: str) -> None:
    """Rows of `model` for each (group, object, permission) not granted yet."""
    objects = {obj.pk for _group, obj, _permission in grants}
    existing = set(
        model.objects.filter(**{f"{field}__in": objects}).values_list(
            "group_id", f"{field}_id", "permission_id"
        )
    )
    model.objects.bulk_create(
        model(group=group, permission=permission, **{field: obj})
        for group, obj, permission in grants
        if (group.pk, obj.pk, permission.pk) not in existing
    )
