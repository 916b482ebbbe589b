from django.contrib import admin

from .models import (
    AssistanceConsent,
    Charter,
    CoordinatorInvitation,
    InvitationCode,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
    OrganisationCoordinator,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "slug", "join_policy", "charter_version"]
    search_fields = ["name", "slug", "postcodes"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["charter_version"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "neighbourhood", "role", "status", "created_at"]
    list_filter = ["neighbourhood", "role", "status"]
    search_fields = ["user__profile__pseudonym", "user__email"]
    raw_id_fields = ["user", "decided_by", "invitation"]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["neighbourhood", "version", "created_at"]
    readonly_fields = ["neighbourhood", "version", "text", "written_by", "created_at"]


@admin.register(InvitationCode)
class InvitationCodeAdmin(admin.ModelAdmin):
    list_display = ["display_code", "neighbourhood", "uses", "max_uses", "expires_at"]
    list_filter = ["neighbourhood"]
    raw_id_fields = ["created_by"]


@admin.register(AssistanceConsent)
class AssistanceConsentAdmin(admin.ModelAdmin):
    list_display = ["resident", "neighbourhood", "given_at", "withdrawn_at"]
    raw_id_fields = ["resident", "recorded_by"]


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    """Read only: the journal is only ever added to, by the services."""

    list_display = ["created_at", "neighbourhood", "actor", "action", "subject"]
    list_filter = ["neighbourhood", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganisationCoordinator)
class OrganisationCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_select_related = ["user__profile", "organisation"]


@admin.register(CoordinatorInvitation)
class CoordinatorInvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "email", "expires_at", "accepted_at"]
    readonly_fields = ["code", "accepted_by", "accepted_at"]
