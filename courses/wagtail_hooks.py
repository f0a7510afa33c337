from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Course, Instructor, LessonVideo, Seller, Subject
from courses.video_admin import LessonVideoViewSet, seller_of


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class InstructorViewSet(SnippetViewSet):
    model = Instructor
    icon = "user"
    list_display = ["name", "role"]
    search_fields = ["name"]


class CourseViewSet(SnippetViewSet):
    """The language-neutral courses: editors see codes, sellers and products here."""

    model = Course
    icon = "folder-inverse"
    list_display = ["code", "seller", "product", "is_published"]
    list_filter = ["seller", "is_published"]
    search_fields = ["code"]


class SellerViewSet(SnippetViewSet):
    model = Seller
    icon = "group"
    list_display = ["name", "partner"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = [CourseViewSet, SubjectViewSet, InstructorViewSet, LessonVideoViewSet, SellerViewSet]


register_snippet(CatalogueViewSetGroup)


@hooks.register("after_create_snippet")
def remember_who_uploaded_a_video(request, instance):
    if isinstance(instance, LessonVideo):
        # A seller's upload belongs to its seller; an editor's to whoever the editor chose.
        seller = instance.seller or seller_of(request.user)
        LessonVideo.objects.filter(pk=instance.pk).update(uploaded_by=request.user, seller=seller)


@hooks.register("before_serve_document")
def protect_course_material(document, request):
    from django.core.exceptions import PermissionDenied

    from courses.access import may_download

    if not may_download(request.user, document):
        raise PermissionDenied


# --- Course evaluations: aggregated results for the editors and the course's seller ---


class EvaluationResultsMenuItem(MenuItem):
    def is_shown(self, request):
        from courses.evaluation import may_see_results

        return may_see_results(request.user)


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    from courses.evaluation_urls import admin_urlpatterns

    return admin_urlpatterns


@hooks.register("register_admin_menu_item")
def register_evaluation_menu_item():
    return EvaluationResultsMenuItem(
        _("Course evaluations"), reverse("course_evaluation_results"), icon_name="clipboard-list", order=260
    )
