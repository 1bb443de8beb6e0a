from django.utils.translation import gettext_lazy as _

from ruche.activity.registry import register

TOPIC_CREATED = register("forum.topic_created", _("started a topic"))
TOPIC_EDITED = register("forum.topic_edited", _("edited a topic"), public=False)
TOPIC_DELETED = register("forum.topic_deleted", _("deleted a topic"), public=False)
TOPIC_RESTORED = register("forum.topic_restored", _("restored a topic"), public=False)
REPLY_CREATED = register("forum.reply_created", _("replied"))
REPLY_EDITED = register("forum.reply_edited", _("edited a reply"), public=False)
REPLY_DELETED = register("forum.reply_deleted", _("deleted a reply"), public=False)
REPLY_RESTORED = register("forum.reply_restored", _("restored a reply"), public=False)
LIKE_GIVEN = register("forum.like_given", _("liked a post"))
LIKE_REMOVED = register("forum.like_removed", _("removed a like"), public=False)
ANSWER_ACCEPTED = register("forum.answer_accepted", _("accepted an answer"))
ANSWER_UNACCEPTED = register(
    "forum.answer_unaccepted", _("withdrew an accepted answer"), public=False
)
FOLLOWED = register("forum.followed", _("followed"), public=False)
UNFOLLOWED = register("forum.unfollowed", _("stopped following"), public=False)
ESCALATED = register("forum.escalated", _("asked the support team for help"), public=False)
ESCALATION_ASSIGNED = register(
    "forum.escalation_assigned", _("took a support request"), public=False
)
ESCALATION_RESOLVED = register(
    "forum.escalation_resolved", _("resolved a support request"), public=False
)
ARTICLE_VOTED = register("forum.article_voted", _("rated an article"), public=False)
IMAGE_UPLOADED = register("forum.image_uploaded", _("uploaded a picture"), public=False)
TOPIC_RETAGGED = register("forum.topic_retagged", _("retagged a topic"), public=False)
POST_HIDDEN = register("forum.post_hidden", _("hid a post pending moderation"), public=False)
TOPIC_MOVED = register("forum.topic_moved", _("moved a topic"), public=False)
