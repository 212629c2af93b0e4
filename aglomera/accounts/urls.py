from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from aglomera.accounts.views import login

app_name = "accounts"

urlpatterns = [
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
