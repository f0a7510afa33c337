"""The engine's records in Django's admin (system administrators only, see home/admin.py):
legal holds are set here until the staff's request queue has its own screens."""

from django.contrib import admin

from gdpr.models import CustomerRelationship, ErasureRun, LegalHold, ProcessingRestriction


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "content_type", "object_id", "until", "released_at"]
    list_filter = ["basis", "released_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["set_by"]

    def save_model(self, request, obj, form, change):
        if not change and obj.set_by_id is None:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CustomerRelationship)
class CustomerRelationshipAdmin(admin.ModelAdmin):
    list_display = ["user", "started_at", "ended_at", "end_reason"]
    list_filter = ["end_reason"]
    raw_id_fields = ["user"]


@admin.register(ProcessingRestriction)
class ProcessingRestrictionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "lifted_at"]
    raw_id_fields = ["user"]


@admin.register(ErasureRun)
class ErasureRunAdmin(admin.ModelAdmin):
    """The journal is written by the engine only."""

    list_display = ["user_id", "started_at", "finished_at", "status"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
