from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from home.caching import PRICES, STRUCTURE, cached

register = template.Library()


@register.simple_tag(takes_context=True)
def course_card(context, card):
    """A course card's HTML, cached: it changes only when the page is published again,
    its price changes or the site's structure changes (subjects, images, moves)."""
    page, price = card.page, card.price
    price_key = f"{price.excl_tax}-{price.incl_tax if price.is_tax_known else ''}" if price else "none"
    published = page.last_published_at.timestamp() if page.last_published_at else 0

    def build():
        # Without request=: context processors (a user's notifications...) have no place
        # in a card shared by every visitor.
        return render_to_string(
            "components/course_card.html", {"card": card, "request": context.get("request")}
        )

    return cached("course-card", build, page.pk, published, price_key, get_language())


@register.simple_tag(takes_context=True)
def course_grid(context, cards):
    """Courses' cards (CourseCards, courses/catalogue.py) as one piece of HTML, cached until
    the site's structure or a price changes: the catalogue's, the search's and the home
    page's. Keyed by the courses alone: no search term or filter is kept in the cache. The
    cards are read from the database only to build it."""

    def build():
        return render_to_string(
            "components/course_grid.html", {"cards": cards, "request": context.get("request")}
        )

    ids = ".".join(str(pk) for pk in cards.ids)
    return cached("course-grid", build, ids, get_language(), depends_on=(STRUCTURE, PRICES))
