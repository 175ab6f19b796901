from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from parindex.deadlines.urls import board_urlpatterns
from parindex.reports.urls import urlpatterns as report_urlpatterns
from parindex.security import views as security_views
from parindex.security.forms import AdminLoginForm
from parindex.surveys.urls import public_urlpatterns as survey_form_urlpatterns
from parindex.tasks.urls import urlpatterns as task_urlpatterns

# The admin speaks for parindex, not "Django administration".
admin.site.site_header = _("PAR index – system administration")
admin.site.site_title = _("PAR index administration")
admin.site.index_title = _("Data and settings")
# A person with two-step verification logs in on the application's page (password, then code), not the admin's.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="assessments:campaign-list", permanent=False)),
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("login/code/", security_views.login_code, name="login-code"),
    path("account/", include("parindex.security.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("campaigns/", include("parindex.assessments.urls")),
    path("", include("parindex.ratings.urls")),
    path("indicators/", include("parindex.indicators.urls")),
    # The tasks', periodic reports' and deadline board's pages share one namespace, "assignments" (assignments:task,
    # assignments:report-unit, assignments:board…), as when one app held them.
    path("", include(([*board_urlpatterns, *task_urlpatterns, *report_urlpatterns], "assignments"))),
    path("notices/", include("parindex.deadlines.urls")),
    path("surveys/", include("parindex.surveys.urls")),
    path("plans/", include("parindex.plans.urls")),
    path("", include(survey_form_urlpatterns)),
    path("gaps/", include("parindex.gaps.urls")),
    path("", include("parindex.publication.urls")),
    path("insights/", include("parindex.insights.urls")),
    path("api/", include("parindex.api.urls")),
    path("admin/", admin.site.urls),
]
