"""The Wagtail admin for videos, scoped per seller.

Wagtail's snippet views check permissions per model; a seller must also never see,
choose, replace or delete another seller's videos, so every view here filters by owner.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet

from courses.models import LessonVideo, Seller


def videos_for(user, queryset=None):
    queryset = LessonVideo.objects.all() if queryset is None else queryset
    if user.has_perm("courses.manage_all_videos"):
        return queryset
    return queryset.filter(seller__group__in=user.groups.all())


def seller_of(user) -> Seller | None:
    return Seller.objects.filter(group__in=user.groups.all()).first()


class OwnVideosMixin:
    def get_object_list(self):
        return videos_for(self.request.user, super().get_object_list())


class VideoChooseView(OwnVideosMixin, ChooseView):
    pass


class VideoChooseResultsView(OwnVideosMixin, ChooseResultsView):
    pass


class VideoChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView


class OwnVideoMixin:
    def get_object(self, queryset=None):
        video = super().get_object(queryset)
        if not video.is_managed_by(self.request.user):
            raise PermissionDenied
        return video


class VideoEditView(OwnVideoMixin, EditView):
    pass


class VideoDeleteView(OwnVideoMixin, DeleteView):
    pass


class LessonVideoViewSet(SnippetViewSet):
    model = LessonVideo
    icon = "media"
    menu_label = _("Videos")
    list_display = ["title", "seller", "duration_seconds", "created_at"]
    search_fields = ["title"]
    chooser_viewset_class = VideoChooserViewSet
    edit_view_class = VideoEditView
    delete_view_class = VideoDeleteView
    panels = [
        FieldPanel("title"),
        # A plain input: the default one links to the file's URL, and private files have none.
        FieldPanel("file", widget=forms.FileInput),
        FieldPanel("seller", permission="courses.manage_all_videos"),
    ]

    def get_queryset(self, request):
        return videos_for(request.user)
