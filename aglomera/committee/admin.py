from __future__ import annotations

from django.contrib import admin

from aglomera.committee.models import (
    CommitteeMember,
    KindMajority,
    Meeting,
    Resolution,
    SteeringCommittee,
)


class CommitteeMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CommitteeMember
    extra = 0
    raw_id_fields = ("user", "alternate", "organisation")


class KindMajorityInline(admin.TabularInline):  # type: ignore[type-arg]
    model = KindMajority
    extra = 0


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "__str__",
        "agglomeration",
        "quorum",
        "majority",
        "casting_vote",
        "number_rejections",
        "early_close",
    )
    inlines = [KindMajorityInline, CommitteeMemberInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "committee", "form", "starts_at", "status")
    list_filter = ("form", "status")
    readonly_fields = ("status",)


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "committee", "adopted", "quorate", "decided_at")
    list_filter = ("adopted",)
    readonly_fields = (
        "committee",
        "item",
        "year",
        "sequence",
        "number",
        "adopted",
        "votes_for",
        "votes_against",
        "abstentions",
        "recused",
        "quorate",
        "casting_vote",
        "decided_at",
    )
