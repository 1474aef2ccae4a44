"""Top-level URLs. Organisation pages live under /o/<org>/, so tenant scoping is visible in every URL."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from toerusting import health
from toerusting.accounts.views import LoginView
from toerusting.operations import metrics

urlpatterns = [
    path("", include("toerusting.portal.urls")),
    path("", include("toerusting.twofactor.urls")),
    path("account/", include("toerusting.accounts.urls")),
    path("account/gegevens/", include("toerusting.privacy.urls")),
    path("o/<slug:org>/", include("toerusting.organisations.urls")),
    path("o/<slug:org>/agenda/", include("toerusting.agenda.urls")),
    path("o/<slug:org>/plan/", include("toerusting.planner.urls")),
    path("o/<slug:org>/opleidingsbudget/", include("toerusting.budgets.urls")),
    path("o/<slug:org>/mentoring/", include("toerusting.mentoring.urls")),
    path("o/<slug:org>/ontwikkeling/", include("toerusting.development.urls")),
    path("o/<slug:org>/intervisie/", include("toerusting.intervision.urls")),
    path("o/<slug:org>/halverwege/", include("toerusting.midterm.urls")),
    path("o/<slug:org>/ris-tabblad/", include("toerusting.embed.manage_urls")),
    path("o/<slug:org>/logboek/", include("toerusting.audit.urls")),
    path("o/<slug:org>/bewaartermijn/", include("toerusting.privacy.manage_urls")),
    path("o/<slug:org>/inloggen-via-organisatie/", include("toerusting.oidc.manage_urls")),
    path("", include("toerusting.oidc.urls")),
    path("api/", include("toerusting.agenda.api_urls")),
    path("", include("toerusting.catalogue.urls")),
    path("", include("toerusting.providers.urls")),
    path("", include("toerusting.practices.urls")),
    path("", include("toerusting.badges.urls")),
    path("leernetwerken/", include("toerusting.networks.urls")),
    path("leren/", include("toerusting.learning.urls")),
    path("e-mail/", include("toerusting.notifications.urls")),
    path("embed/", include("toerusting.embed.urls")),
    path("lti/", include("toerusting.lti.urls")),
    path("o/<slug:org>/lti/", include("toerusting.lti.manage_urls")),
    path("", include("toerusting.recommendations.urls")),
    path("", include("toerusting.reflections.urls")),
    path("", include("toerusting.citizens.urls")),
    path("", include("toerusting.reports.urls")),
    path("", include("toerusting.linkcheck.urls")),
    path("", include("toerusting.candidates.urls")),
    path("", include("toerusting.gaps.urls")),
    path("taal/", set_language, name="set_language"),
    path("health/", health.health, name="health"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", metrics.metrics, name="metrics"),
    # The admin's login goes through the same rate-limited view as every other login.
    path("beheer/login/", LoginView.as_view(), name="admin_login"),
    path("beheer/", admin.site.urls),
]

# Error pages in the site's layout (DEBUG=false); see toerusting.portal.views.
handler400 = "toerusting.portal.views.bad_request"
handler403 = "toerusting.portal.views.permission_denied"
handler404 = "toerusting.portal.views.page_not_found"
handler500 = "toerusting.portal.views.server_error"
