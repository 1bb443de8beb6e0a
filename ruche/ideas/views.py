from django.http import HttpResponse


def idea_list(request, **kw):
    return HttpResponse()


def idea_create(request, **kw):
    return HttpResponse()


def similar(request, **kw):
    return HttpResponse()


def inbox(request, **kw):
    return HttpResponse()


def export_csv(request, **kw):
    return HttpResponse()


def roadmap(request, **kw):
    return HttpResponse()


def accountability(request, **kw):
    return HttpResponse()


def release_list(request, **kw):
    return HttpResponse()


def release_edit(request, **kw):
    return HttpResponse()


def release_detail(request, **kw):
    return HttpResponse()


def release_publish(request, **kw):
    return HttpResponse()


def idea_detail(request, **kw):
    return HttpResponse()


def idea_edit(request, **kw):
    return HttpResponse()


def idea_like(request, **kw):
    return HttpResponse()


def idea_follow(request, **kw):
    return HttpResponse()


def idea_comment(request, **kw):
    return HttpResponse()


def respond(request, **kw):
    return HttpResponse()


def set_status(request, **kw):
    return HttpResponse()


def merge(request, **kw):
    return HttpResponse()


def unmerge(request, **kw):
    return HttpResponse()


def response_publish(request, **kw):
    return HttpResponse()
