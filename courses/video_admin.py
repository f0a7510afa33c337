"""The Wagtail admin for videos, scoped per seller.

Wagtail's snippet views check permissions per model; a seller must also never see,
choose, replace or delete another seller's videos, so every view here filters by owner,
and every view of one video (edit, delete, usage, history, inspect, chosen, process)
checks that the user manages it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from courses.models import LessonVideo, Seller, VideoStatus
from courses.video_processing import queue_processing


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


class VideoChosenView(SnippetChosenView):
    def get_object(self, pk):
        video = super().get_object(pk)
        if not video.is_managed_by(self.request.user):
            raise PermissionDenied
        return video


class VideoChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return videos_for(self.request.user, super().get_objects(pks))


class VideoChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView
    chosen_multiple_view_class = VideoChosenMultipleView


class OwnVideoMixin:
    """For a view of one video: refuses a video the user does not manage. Wagtail's views
    differ in get_object's arguments, hence *args."""

    def get_object(self, *args, **kwargs):
        video = super().get_object(*args, **kwargs)
        if not video.is_managed_by(self.request.user):
            raise PermissionDenied
        return video


class VideoEditView(OwnVideoMixin, EditView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **state_context(self.object)}


class VideoDeleteView(OwnVideoMixin, DeleteView):
    pass


class VideoUsageView(OwnVideoMixin, UsageView):
    pass


class VideoHistoryView(OwnVideoMixin, HistoryView):
    pass


class VideoInspectView(OwnVideoMixin, InspectView):
    pass


class VideoProcessView(OwnVideoMixin, PermissionCheckedMixin, BaseOperationView):
    """Process a video that is not ready (again): POST only, like Wagtail's lock view."""

    model = LessonVideo
    permission_required = "change"

    def perform_operation(self):
        # Never while a worker is at it: a second run would replace the files it makes.
        if self.object.is_ready or self.object.status == VideoStatus.PROCESSING:
            return
        queue_processing(self.object)

    def add_success_message(self):
        if self.object.is_ready or self.object.status == VideoStatus.PROCESSING:
            messages.info(
                self.request, _("“%(title)s” is being processed or ready already.") % {"title": self.object}
            )
        else:
            messages.success(
                self.request, _("“%(title)s” will be processed again shortly.") % {"title": self.object}
            )


def state_context(video: LessonVideo) -> dict:
    """What the listing and the edit page show about a video's processing."""
    return {
        "video": video,
        "video_state": video.get_status_display(),
        "video_state_class": {
            VideoStatus.READY: "w-status--primary",
            VideoStatus.FAILED: "w-status--label",
        }.get(video.status, ""),
        "video_failed": video.status == VideoStatus.FAILED,
        "video_process_url": None
        if video.is_ready or video.status == VideoStatus.PROCESSING
        else reverse(LessonVideo.snippet_viewset.get_url_name("process"), args=[video.pk]),
    }


class VideoStateColumn(Column):
    """The state of processing, why it failed, and a button to try again."""

    cell_template_name = "courses/admin/video_state_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        return {
            **super().get_cell_context_data(instance, parent_context),
            **state_context(instance),
            # The cell is rendered from a plain dict: the request's token must be fetched.
            "csrf_token": get_token(parent_context["request"]),
            "next_url": reverse(LessonVideo.snippet_viewset.get_url_name("list")),
        }


class LessonVideoViewSet(SnippetViewSet):
    model = LessonVideo
    icon = "media"
    menu_label = gettext_lazy("Videos")
    list_display = [
        "title",
        "seller",
        VideoStateColumn("status", label=gettext_lazy("State")),
        "duration_seconds",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["title"]
    chooser_viewset_class = VideoChooserViewSet
    edit_view_class = VideoEditView
    edit_template_name = "courses/admin/video_edit.html"
    delete_view_class = VideoDeleteView
    usage_view_class = VideoUsageView
    history_view_class = VideoHistoryView
    inspect_view_class = VideoInspectView
    # A copy would have the same title and no file: nothing worth a view that must be guarded.
    copy_view_enabled = False
    panels = [
        FieldPanel("title"),
        # A plain input: the default one links to the file's URL, and private files have none.
        FieldPanel("file", widget=forms.FileInput),
        FieldPanel("seller", permission="courses.manage_all_videos"),
    ]

    def get_queryset(self, request):
        return videos_for(request.user)

    @property
    def process_view(self):
        return self.construct_view(VideoProcessView, success_url_name=self.get_url_name("edit"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"process/<{self.pk_path_converter}:pk>/", self.process_view, name="process"),
        ]
