from django.utils.translation import gettext_lazy as _

from ruche.activity.registry import register

VISITED = register("recognition.visited", _("visited the community"), public=False)
TOPIC_READ = register("recognition.topic_read", _("read a topic"), public=False)
GUIDELINES_READ = register("recognition.guidelines_read", _("read the community guidelines"))
NEWCOMER_WELCOMED = register("recognition.newcomer_welcomed", _("welcomed a newcomer"))
BADGE_GRANTED = register("recognition.badge_granted", _("granted a badge"), public=False)
