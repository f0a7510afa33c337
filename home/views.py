from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from home.health import run_checks


@never_cache
@require_GET
def healthz(request):
    """For load balancers and monitoring: 200 when every dependency answers, else 503."""
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
