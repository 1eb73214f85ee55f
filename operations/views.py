import sys

from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

from operations.outage import outage_cause, outage_response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The site's ``handler500``: a database outage is a 503, anything else Django's 500.

    Django calls it while handling the exception, from whichever layer raised it (a view or
    a middleware), so ``sys.exc_info()`` names the error.
    """
    cause = outage_cause(sys.exc_info()[1])
    if cause is not None:
        return outage_response(request, cause)
    return django_server_error(request, template_name)
