"""Sign up, log in, log out; password change and reset use Django's own views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal import services
from journal.errors import DomainError
from journal.forms import LoginForm, SignupForm
from journal.views.common import add_domain_error


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register(
                data["username"], data["password1"], email=data["email"], name=data["name"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            login(request, user, backend="journal.auth_backends.AccountBackend")
            messages.success(request, f"Welcome, {user.username}! Your journal is ready.")
            return redirect("/")
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's login with the suspended-account check of `LoginForm`."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    messages.info(request, "You are logged out.")
    return redirect("/")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form checks the old password; the change itself goes through the verb."""

    template_name = "registration/password_change.html"
    success_url = "/password/change/done"

    def form_valid(self, form):
        services.set_password(self.request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The token check is Django's; the new password is set through the verb."""

    template_name = "registration/password_reset_confirm.html"
    success_url = "/password/reset/complete"

    def form_valid(self, form):
        services.set_password(form.user, form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="registration/password_reset.html",
    email_template_name="registration/password_reset_email.txt",
    subject_template_name="registration/password_reset_subject.txt",
    success_url="/password/reset/sent",
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)
