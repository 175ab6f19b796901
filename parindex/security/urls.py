from django.urls import path

from parindex.security import views

app_name = "security"
urlpatterns = [
    path("", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
    path("two-step/setup/", views.setup_start, name="setup"),
    path("two-step/confirm/", views.setup_confirm, name="confirm"),
    path("two-step/off/", views.turn_off, name="off"),
]
