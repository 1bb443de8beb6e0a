from .conf import COMPANY_NAME


def ruche(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "company_name": COMPANY_NAME.value,
        "is_staff_member": signed_in and user.is_staff_member,
        "may_manage_members": signed_in and user.may_manage_members,
    }
