from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import post_migrate

        from courses import search_index, seats, signals  # noqa: F401  (receivers)

        post_migrate.connect(search_index.fill_if_empty, sender=self)
