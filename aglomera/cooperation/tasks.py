"""Background e-mail about a joint project idea's comments (django-tasks; see
aglomera/notifications/tasks.py, which mails the idea's workflow steps).

`notify_idea_comment(comment_id)` e-mails the manager and coordinators of every member of the
idea's partnership except the comment's author, each in their own language (their chosen one,
else their agglomeration's) with a link to the idea on their own agglomeration's pages.
"""

from __future__ import annotations

from django_tasks import task

from aglomera.cooperation.models import JointIdeaComment
from aglomera.notifications import emails
from aglomera.notifications.recipients import partnership_offices


@task()
def notify_idea_comment(comment_id: int) -> int:
    """E-mail both sides' offices about a comment; the number of e-mails sent."""
    comment = (
        JointIdeaComment.objects.select_related("idea", "author", "agglomeration")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    idea = comment.idea
    messages = [
        emails.render_email(
            "idea_comment",
            {
                "idea": idea,
                "comment": comment,
                "author": comment.author,
                "side": str(comment.agglomeration.name),
            },
            user=user,
            agglomeration=home,
            target=idea,
        )
        for user, home in partnership_offices(idea.partnership_id, besides=comment.author_id)
    ]
    return emails.send_all(messages)
