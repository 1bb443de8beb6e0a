"""Members' settings, with their defaults (``RUCHE_<NAME>`` in the environment overrides them)."""

from ruche.core.conf import declare

INVITATION_VALID_DAYS = declare(
    "INVITATION_VALID_DAYS", 14, minimum=1, help="Days an invitation link stays valid."
)
INVITATION_CSV_MAX_ROWS = declare(
    "INVITATION_CSV_MAX_ROWS", 5000, minimum=1, help="Rows at most in one CSV of invitations."
)
AVATAR_MAX_BYTES = declare(
    "AVATAR_MAX_BYTES", 5 * 1024 * 1024, minimum=1, help="Largest picture a member may upload."
)
AVATAR_SIZE = declare(
    "AVATAR_SIZE", 256, minimum=16, help="Side in pixels of the square picture that is stored."
)
