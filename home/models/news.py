from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.caching import CachedViewRestrictions, public
from home.newsletter.forms import SubscribeForm


class NewsIndexPage(CachedViewRestrictions, Page):
    """The company's news, newest first."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            public(NewsPage.objects.live())
            .child_of(self)
            .select_related("image")
            .order_by("-date", "-first_published_at")
        )
        context["news"] = Paginator(items, settings.NEWS_PER_PAGE).get_page(request.GET.get("page"))
        from home.page_cache import query_understood

        query_understood(request, page=context["news"].number)
        context["subscribe_form"] = SubscribeForm()  # posts to the sign-up page (home/newsletter)
        return context


class NewsPage(CachedViewRestrictions, Page):
    """One news item."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("introduction"), max_length=300)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
