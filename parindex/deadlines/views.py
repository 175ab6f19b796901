"""The bell: a person's reminders, read or not."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from parindex.deadlines.models import Reminder
from parindex.deadlines.services import unread_count


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = (
        Reminder.objects.filter(recipient_id=request.user.pk, sent_at__isnull=False)
        .select_related("unit")
        .order_by("-sent_at", "-pk")[:100]
    )
    return render(request, "deadlines/inbox.html", {"notices": notices, "now": timezone.now()})


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The unread count, loaded by the top bar after the page (so pages do not pay for it)."""
    return render(request, "deadlines/_bell.html", {"unread": unread_count(int(request.user.pk or 0))})


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notice read and go to what it is about."""
    notice = Reminder.objects.filter(pk=pk, recipient_id=request.user.pk, sent_at__isnull=False).first()
    if notice is None:
        raise Http404
    if notice.read_at is None:
        Reminder.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notice.link if url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None) else "/"
    return HttpResponseRedirect(target or reverse("notifications:inbox"))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    Reminder.objects.filter(recipient_id=request.user.pk, sent_at__isnull=False, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return HttpResponseRedirect(reverse("notifications:inbox"))
