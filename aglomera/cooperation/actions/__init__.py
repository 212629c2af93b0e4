"""Every write to cooperation, by area; the names are re-exported here for callers that import
the package."""

from __future__ import annotations

from aglomera.cooperation.actions.common import StaleEdit
from aglomera.cooperation.actions.exchanges import (
    ExchangeFields,
    create_exchange,
    snapshot,
    update_exchange,
)
from aglomera.cooperation.actions.ideas import (
    IdeaFields,
    SideFields,
    comment_idea,
    create_idea,
    step_idea,
    update_idea,
)
from aglomera.cooperation.actions.library import (
    GoodPracticeFields,
    create_good_practice,
    update_good_practice,
)
from aglomera.cooperation.actions.news import (
    ExchangeNews,
    PortalNews,
    exchange_news_texts,
    publish_exchange_as_news,
)
from aglomera.cooperation.actions.participants import (
    ParticipantFields,
    add_participant,
    remove_participant,
)
from aglomera.cooperation.actions.partnerships import (
    PartnershipFields,
    ProjectFields,
    create_partnership,
    create_project,
    partnership_snapshot,
    project_snapshot,
    set_budget,
    update_partnership,
    update_project,
)
from aglomera.cooperation.actions.photos import add_photo, remove_photo
from aglomera.cooperation.actions.programme import (
    ItemFields,
    add_item,
    linkable_intentions,
    remove_item,
)
from aglomera.cooperation.actions.sharing import (
    Sharing,
    SharingChange,
    current_sharing,
    set_sharing,
    share,
)

__all__ = [
    "ExchangeFields",
    "ExchangeNews",
    "GoodPracticeFields",
    "IdeaFields",
    "ItemFields",
    "ParticipantFields",
    "PartnershipFields",
    "PortalNews",
    "ProjectFields",
    "Sharing",
    "SharingChange",
    "SideFields",
    "StaleEdit",
    "add_item",
    "add_participant",
    "add_photo",
    "comment_idea",
    "create_exchange",
    "create_good_practice",
    "create_idea",
    "create_partnership",
    "create_project",
    "current_sharing",
    "exchange_news_texts",
    "linkable_intentions",
    "partnership_snapshot",
    "project_snapshot",
    "publish_exchange_as_news",
    "remove_item",
    "remove_participant",
    "remove_photo",
    "set_budget",
    "set_sharing",
    "share",
    "snapshot",
    "step_idea",
    "update_exchange",
    "update_good_practice",
    "update_idea",
    "update_partnership",
    "update_project",
]
