"""Login protection and the Content-Security-Policy are configured by the environment."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'limit': s.AXES_FAILURE_LIMIT, 'cool_off': s.AXES_COOLOFF_TIME.total_seconds(), "
    "'proxies': s.TRUSTED_PROXY_COUNT, 'enforced': bool(getattr(s, 'CONTENT_SECURITY_POLICY', "
    "None)), 'report': s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES'].get('report-uri')"
    "}))"
)


def test_failure_limit_cool_off_proxies_and_report_only_policy_come_from_the_environment():
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "AXES_FAILURE_LIMIT": "7",
        "AXES_COOLOFF_HOURS": "2",
        "TRUSTED_PROXY_COUNT": "1",
        "CSP_REPORT_ONLY": "true",
        "CSP_REPORT_URI": "https://reports.example.org/csp",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", READ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "limit": 7,
        "cool_off": 7200.0,
        "proxies": 1,
        "enforced": False,
        "report": ["https://reports.example.org/csp"],
    }
