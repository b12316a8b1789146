"""The developer pages: register an application and see its keys (login required).

Registering creates the OAuth 1.0a consumer (FriendFeed's flows) and a matching OAuth 2
client in django-oauth-toolkit, so bearer-token posts are credited to the same `via`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from api.friendfeed.models import Application, new_key


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ApplicationForm(forms.ModelForm):
    class Meta:
        formfield_callback = _formfield
        model = Application
        fields = ["name", "url", "description", "callback_url"]
        labels = {"url": "Web site", "callback_url": "Callback URL"}


def _oauth2_client(app: Application):
    """Create or update the OAuth 2 twin; returns (client, plaintext secret or "")."""
    from oauth2_provider.models import get_application_model

    model = get_application_model()
    client = app.oauth2_application
    secret = ""
    if client is None:
        secret = new_key() + new_key()
        client = model(
            user=app.owner,
            client_type=model.CLIENT_CONFIDENTIAL,
            authorization_grant_type=model.GRANT_AUTHORIZATION_CODE,
            client_secret=secret,
        )
    client.name = app.name[:255]
    client.redirect_uris = app.callback_url or ""
    client.save()
    return client, secret


@login_required
@require_http_methods(["GET", "POST"])
def application_list(request: HttpRequest) -> HttpResponse:
    """The user's applications and a form to register one."""
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            app = form.save(commit=False)
            app.owner = request.user
            app.save()
            client, secret = _oauth2_client(app)
            app.oauth2_application = client
            app.save(update_fields=["oauth2_application"])
        # The OAuth 2 secret is stored hashed: this page is the only time it is shown.
        return render(
            request,
            "developer/application.html",
            {"app": app, "form": ApplicationForm(instance=app), "oauth2_secret": secret},
            status=201,
        )
    apps = Application.objects.filter(owner=request.user)
    return render(request, "developer/applications.html", {"apps": apps, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Keys, editing, resetting the consumer secret, deleting."""
    app = get_object_or_404(Application, pk=pk, owner=request.user)
    form = ApplicationForm(instance=app)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "delete":
            with transaction.atomic():
                if app.oauth2_application is not None:
                    app.oauth2_application.delete()
                app.delete()
            return redirect("ff-developer-apps")
        if action == "reset-secret":
            app.consumer_secret = new_key()
            app.save(update_fields=["consumer_secret"])
            return redirect("ff-developer-app", pk=app.pk)
        form = ApplicationForm(request.POST, instance=app)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                _oauth2_client(app)
            return redirect("ff-developer-app", pk=app.pk)
    return render(request, "developer/application.html", {"app": app, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def authorized_apps(request: HttpRequest) -> HttpResponse:
    """The applications the user has authorised (OAuth 1.0a and OAuth 2), with revoke."""
    from oauth2_provider.models import get_access_token_model, get_refresh_token_model

    from api.friendfeed.models import AccessToken

    oauth2_tokens = get_access_token_model().objects.filter(
        user=request.user, application__isnull=False
    )
    if request.method == "POST":
        kind, _, pk = request.POST.get("revoke", "").partition(":")
        if kind == "oauth1" and pk.isascii() and pk.isdigit():
            AccessToken.objects.filter(user=request.user, application_id=int(pk)).delete()
        elif kind == "oauth2" and pk.isascii() and pk.isdigit():
            with transaction.atomic():
                oauth2_tokens.filter(application_id=int(pk)).delete()
                get_refresh_token_model().objects.filter(
                    user=request.user, application_id=int(pk)
                ).delete()
        return redirect("ff-authorized-apps")
    grants: dict[str, dict] = {}
    for token in AccessToken.objects.filter(user=request.user).select_related("application"):
        app = token.application
        grants.setdefault(
            f"oauth1:{app.pk}", {"name": app.name, "url": app.url, "since": token.created_at}
        )
    for token in oauth2_tokens.select_related("application"):
        grants.setdefault(
            f"oauth2:{token.application_id}",
            {"name": token.application.name, "url": "", "since": token.created},
        )
    rows = [
        {"key": key, **value} for key, value in sorted(grants.items(), key=lambda i: i[1]["name"])
    ]
    return render(request, "developer/authorized.html", {"grants": rows})
