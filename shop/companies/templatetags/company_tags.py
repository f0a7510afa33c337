from django import template

from ..models import Membership, Role

register = template.Library()


@register.inclusion_tag("companies/nav_items.html", takes_context=True)
def company_nav_items(context, current=""):
    """The account navigation's company links: for members, and seats for administrators."""
    user = context["request"].user
    roles = (
        set(Membership.objects.filter(user=user).values_list("role", flat=True))
        if user.is_authenticated
        else set()
    )
    return {"current": current, "is_member": bool(roles), "is_admin": Role.ADMIN in roles}
