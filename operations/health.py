"""``/health/`` for monitoring: database, cache and the archive search backend.

django-health-check runs synchronous checks in a thread pool, where each would open a
database connection of its own that nothing closes; these run in the request's thread
(``sync_to_async`` is thread-sensitive), whose connections Django closes after the request.
Check names only are shown: messages name no host, address or credential.
"""

import dataclasses

from asgiref.sync import sync_to_async
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from search.backends import get_backend
from search.query import SearchUnavailable


@dataclasses.dataclass
class Database(checks.Database):
    async def run(self):
        await sync_to_async(self._select)()

    def _select(self):
        # django-health-check's message quotes the driver's, which names the server.
        try:
            checks.Database.run(self)
        except ServiceUnavailable as error:
            raise ServiceUnavailable("The database is unreachable.") from error


@dataclasses.dataclass
class ArchiveSearch(HealthCheck):
    """The archive search backend answers its own ping (``SearchBackend.check``)."""

    async def run(self):
        await sync_to_async(self._ping)()

    def _ping(self):
        try:
            get_backend().check()
        except SearchUnavailable as error:
            raise ServiceUnavailable("The archive search backend is unreachable.") from error


class HealthView(HealthCheckView):
    """503 when a check fails (django-health-check answers 500), never cached."""

    checks = (Database, checks.Cache, ArchiveSearch)

    async def dispatch(self, request, *args, **kwargs):
        response = await super().dispatch(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response
