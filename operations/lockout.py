"""django-axes' lock-out page and the client address it counts failures against."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login answers, in the reader's language.

    It says the same for every username, known or not, and never repeats the name given.
    """
    cool_off = get_cool_off(request)
    response = render(
        request,
        "operations/lockout.html",
        {"cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def client_ip_address(request):
    """The address failures are counted against: behind ``TRUSTED_PROXY_COUNT`` proxies that
    each append to ``X-Forwarded-For``, the one the outermost proxy saw; else REMOTE_ADDR.

    Entries left of that one were sent by the client and are ignored (they can be forged).
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
