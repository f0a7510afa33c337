from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.caching import CachedViewRestrictions, cached, public


class HomePage(CachedViewRestrictions, Page):
    """The start page of each language: the company's pitch and a way into the catalogue."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ul"])
    call_to_action_text = models.CharField(_("call to action text"), max_length=80, blank=True)
    call_to_action_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("call to action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("call_to_action_text"), FieldPanel("call_to_action_page")],
            heading=_("Call to action"),
        ),
        InlinePanel("featured_courses", label=_("Featured courses"), max_num=6),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        # A page found before is read in one query (home/routing.py).
        from home.routing import route_below

        return route_below(self, request, path_components, super().route)

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import CourseCards
        from courses.models import CoursePage

        context = super().get_context(request, *args, **kwargs)

        def featured() -> list[int]:
            chosen = [link.course_page_id for link in self.featured_courses.all()]
            shown = set(public(CoursePage.objects.live()).filter(pk__in=chosen).values_list("pk", flat=True))
            return [pk for pk in chosen if pk in shown]

        # Which courses, until the structure changes (publishing this page or a course);
        # their cards' HTML is cached too (course_grid). A preview shows its own choice.
        ids = (
            featured()
            if getattr(request, "is_preview", False)
            else cached("home-featured", featured, self.pk)
        )
        context["featured"] = CourseCards(ids, request)
        return context


class HomeFeaturedCourse(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course_page = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("course_page")]


class StandardPage(CachedViewRestrictions, Page):
    """A plain page for about, contact and similar content."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class PolicyPage(CachedViewRestrictions, RoutablePageMixin, Page):
    """A published policy (personal data, terms of purchase, cookies) with its version.

    Each version published is kept as a `PolicyVersion`, which visitors can read.
    """

    version = models.CharField(
        _("version"),
        max_length=20,
        help_text=_("For example 2.0. A new major version asks users to accept again."),
    )
    effective_date = models.DateField(_("effective date"))
    change_summary = models.TextField(_("summary of changes"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("version"), FieldPanel("effective_date"), FieldPanel("change_summary")],
            heading=_("Version"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    # The version is a fact about the policy, the same in every language.
    override_translatable_fields = [SynchronizedField("version"), SynchronizedField("effective_date")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")

    @property
    def major_version(self) -> int:
        return int(self.version.split(".")[0]) if self.version.split(".")[0].isdigit() else 0

    @path("")
    def current(self, request):
        return self.render(
            request,
            context_overrides={
                "versions": self.versions(),
                "cookie_declarations": self.cookie_declarations(request),
            },
        )

    def cookie_declarations(self, request):
        """On the cookie policy, the cookies as declared: the list cannot drift from what
        the banner asks about and the site sets (gdpr/cookies.py)."""
        from gdpr.cookies import declarations
        from home.models.settings import CompanySettings

        named = CompanySettings.for_request(request).cookie_policy_page
        return declarations() if named and named.translation_key == self.translation_key else None

    # Wagtail's page URLs allow only letters, digits, "-" and "_": version 1.0 is /versions/1-0/.
    @path("versions/<slug:version_slug>/")
    def earlier_version(self, request, version_slug):
        snapshot = get_object_or_404(self.versions(), version=version_slug.replace("-", "."))
        return TemplateResponse(
            request,
            "home/policy_version.html",
            {"page": self, "snapshot": snapshot, "versions": self.versions()},
        )

    def versions(self):
        from home.models.policies import PolicyVersion

        return PolicyVersion.objects.filter(translation_key=self.translation_key, locale_id=self.locale_id)
