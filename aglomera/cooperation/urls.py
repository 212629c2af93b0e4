from __future__ import annotations

from django.urls import path

from aglomera.cooperation.views import (
    comparison,
    ideas,
    library,
    news,
    partnerships,
    sharing,
    staff,
)

app_name = "cooperation"

urlpatterns = [
    path("<slug:slug>/cooperation/", staff.partnership_list, name="list"),
    path("<slug:slug>/cooperation/<int:pk>/", staff.partnership_detail, name="partnership"),
    path(
        "<slug:slug>/cooperation/<int:pk>/comparison/",
        comparison.comparison,
        name="comparison",
    ),
    path(
        "<slug:slug>/cooperation/<int:pk>/exchanges/new/",
        staff.exchange_new,
        name="exchange_new",
    ),
    path("<slug:slug>/cooperation/exchanges/<int:pk>/", staff.exchange_detail, name="exchange"),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/edit/",
        staff.exchange_edit,
        name="exchange_edit",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/participants/",
        staff.exchange_participant_add,
        name="exchange_participant_add",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/participants/<int:participant_pk>/remove/",
        staff.exchange_participant_remove,
        name="exchange_participant_remove",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/photos/",
        staff.exchange_photo_add,
        name="exchange_photo_add",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/photos/<int:photo_pk>/remove/",
        staff.exchange_photo_remove,
        name="exchange_photo_remove",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/photos/<int:photo_pk>/<str:size>/",
        staff.exchange_photo,
        name="exchange_photo",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/items/",
        staff.exchange_item_add,
        name="exchange_item_add",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/items/<int:item_pk>/remove/",
        staff.exchange_item_remove,
        name="exchange_item_remove",
    ),
    path(
        "<slug:slug>/cooperation/exchanges/<int:pk>/news/",
        news.exchange_publish_news,
        name="exchange_news",
    ),
]

urlpatterns += [
    path("<slug:slug>/cooperation/library/", library.library, name="library"),
    path("<slug:slug>/cooperation/library/new/", library.card_new, name="card_new"),
    path("<slug:slug>/cooperation/library/<int:pk>/", library.card_detail, name="card"),
    path("<slug:slug>/cooperation/library/<int:pk>/edit/", library.card_edit, name="card_edit"),
]

urlpatterns += [
    path("<slug:slug>/cooperation/<int:pk>/sharing/", sharing.sharing, name="sharing"),
    path(
        "<slug:slug>/cooperation/<int:pk>/strategies/<int:strategy_pk>/",
        sharing.shared_strategy,
        name="shared_strategy",
    ),
    path(
        "<slug:slug>/cooperation/<int:pk>/strategies/<int:strategy_pk>/dashboard/",
        sharing.shared_dashboard,
        name="shared_dashboard",
    ),
    path("<slug:slug>/cooperation/<int:pk>/ideas/new/", ideas.idea_new, name="idea_new"),
    path("<slug:slug>/cooperation/ideas/<int:pk>/", ideas.idea_detail, name="idea"),
    path("<slug:slug>/cooperation/ideas/<int:pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("<slug:slug>/cooperation/ideas/<int:pk>/step/", ideas.idea_step, name="idea_step"),
    path(
        "<slug:slug>/cooperation/ideas/<int:pk>/comment/",
        ideas.idea_comment,
        name="idea_comment",
    ),
]

urlpatterns += [
    path("<slug:slug>/cooperation/new/", partnerships.partnership_new, name="partnership_new"),
    path(
        "<slug:slug>/cooperation/<int:pk>/edit/",
        partnerships.partnership_edit,
        name="partnership_edit",
    ),
    path(
        "<slug:slug>/cooperation/projects/<int:pk>/edit/",
        partnerships.project_edit,
        name="project_edit",
    ),
    path(
        "<slug:slug>/cooperation/<int:pk>/projects/new/",
        partnerships.project_new,
        name="project_new",
    ),
    path(
        "<slug:slug>/cooperation/projects/<int:pk>/budget/",
        partnerships.budget_set,
        name="budget",
    ),
]
