"""Company accounts in Django's admin (system administrators only, see home/admin.py):
for support, when a company's people need a hand. Invitations' links are not shown."""

from django.contrib import admin

from .models import Company, Invitation, JoinRequest, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number", "created_at"]
    search_fields = ["name", "organisation_number"]
    inlines = [MembershipInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "outcome", "created_at", "decided_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["user", "company", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "as_member", "sent_at", "expires_at", "accepted_at", "withdrawn_at"]
    list_filter = ["as_member"]
    search_fields = ["email"]
    raw_id_fields = ["company", "invited_by", "accepted_by"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by"]
