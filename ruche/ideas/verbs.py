from django.utils.translation import gettext_lazy as _

from ruche.activity.registry import register

IDEA_PROPOSED = register("ideas.proposed", _("proposed an idea"))
IDEA_EDITED = register("ideas.edited", _("edited an idea"), public=False)
IDEA_LIKED = register("ideas.liked", _("liked an idea"))
IDEA_UNLIKED = register("ideas.unliked", _("took back a like of an idea"), public=False)
IDEA_LIKED_ON_BEHALF = register(
    "ideas.liked_on_behalf", _("recorded a customer's like of an idea"), public=False
)
# The actor is the idea's author, so that recognition can reward a proposal the community carried.
THRESHOLD_REACHED = register("ideas.threshold_reached", _("saw their idea reach its threshold"))
STATUS_CHANGED = register("ideas.status_changed", _("changed the status of an idea"), public=False)
RESPONSE_DRAFTED = register(
    "ideas.response_drafted", _("drafted an official response"), public=False
)
RESPONSE_PUBLISHED = register("ideas.response_published", _("published an official response"))
MERGED = register("ideas.merged", _("merged a duplicate idea"), public=False)
UNMERGED = register("ideas.unmerged", _("undid the merge of an idea"), public=False)
RELEASE_PUBLISHED = register("ideas.release_published", _("published a release"))
RELEASED = register("ideas.released", _("saw their idea shipped"))
IDEA_DELETED = register("ideas.deleted", _("deleted an idea"), public=False)
IDEA_RESTORED = register("ideas.restored", _("restored an idea"), public=False)
