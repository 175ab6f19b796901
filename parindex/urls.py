from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from parindex.assessments import public_views

# The admin speaks for parindex, not "Django administration".
admin.site.site_header = _("PAR index – system administration")
admin.site.site_title = _("PAR index administration")
admin.site.index_title = _("Data and settings")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="assessments:campaign-list", permanent=False)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("campaigns/", include("parindex.assessments.urls")),
    path("", include("parindex.ratings.urls")),
    path("indicators/", include("parindex.indicators.urls")),
    path("", include("parindex.assignments.urls")),
    path("notices/", include("parindex.notifications.urls")),
    path("public/", public_views.published_list, name="public-list"),
    path("public/<str:code>/", public_views.published_results, name="public-results"),
    path("admin/", admin.site.urls),
]
