"""The website's forms: they parse and check shapes; the domain verbs decide the rest."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from journal.models import User
from journal.models.user import canonical_username, username_validator
from journal.moods import MOODS
from journal.services.profile import THEME_COLOR_KEYS, THEMES

SECURITY_CHOICES = [
    ("public", "Public — everyone"),
    ("friends", "Friends — everyone I trust"),
    ("custom", "Custom — only the friend groups chosen below"),
    ("private", "Private — only me"),
]
MOOD_CHOICES = [("", "(none)")] + [
    (str(mid), name) for mid, name, _ in sorted(MOODS, key=lambda m: m[1])
]
MOOD_NAMES = {str(mid): name for mid, name, _ in MOODS}


class LoginForm(AuthenticationForm):
    """Django's login form, plus LiveJournal's rule that suspended accounts cannot log in."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "suspended": "This account is suspended and cannot log in.",
    }

    def clean_username(self) -> str:
        return canonical_username(self.cleaned_data.get("username", ""))

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if user.is_suspended:
            raise forms.ValidationError(self.error_messages["suspended"], code="suspended")


class SignupForm(forms.Form):
    username = forms.CharField(
        max_length=25,
        help_text="1–25 lower-case letters, digits or underscores.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    name = forms.CharField(max_length=50, required=False, label="Display name")
    email = forms.EmailField(required=False, help_text="Only for resetting your password.")
    password1 = forms.CharField(
        label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self) -> str:
        from journal.views.common import RESERVED_NAMES

        name = canonical_username(self.cleaned_data["username"])
        username_validator(name)
        if name in RESERVED_NAMES:
            raise forms.ValidationError("That name is reserved; please choose another.")
        return name

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords differ.")
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(username=data.get("username", ""), email=data.get("email", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django needs this spelled out)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class EntryForm(forms.Form):
    """Post or edit an entry; `journal`, `also_to` and `direct_to` only when posting."""

    journal = forms.ChoiceField(label="Post to", required=False)
    subject = forms.CharField(max_length=255, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), required=False)
    security = forms.ChoiceField(choices=SECURITY_CHOICES, initial="public", label="Who can see it")
    groups = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Friend groups"
    )
    also_to = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Also post to communities"
    )
    direct_to = forms.CharField(
        required=False,
        label="Direct message to",
        help_text="Usernames separated by commas; only they (and you) will see it.",
    )
    moodid = forms.ChoiceField(choices=MOOD_CHOICES, required=False, label="Mood")
    mood = forms.CharField(max_length=100, required=False, label="Mood (your own words)")
    music = forms.CharField(max_length=100, required=False, label="Music")
    location = forms.CharField(max_length=100, required=False, label="Location")
    tags = forms.CharField(max_length=1000, required=False, help_text="Separated by commas.")
    backdated = forms.BooleanField(required=False, label="Backdate (keep off friends' feeds)")
    event_time = forms.DateTimeField(
        required=False,
        label="Date and time",
        help_text="Leave empty for now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    comments_disabled = forms.BooleanField(required=False, label="Disable comments")
    picture_keyword = forms.ChoiceField(required=False, label="Picture")
    files = MultipleFileField(required=False, label="Attach files")

    def __init__(
        self,
        *args,
        journals: list[tuple[str, str]] | None = None,
        communities: list[tuple[str, str]] | None = None,
        groups: list[tuple[str, str]] | None = None,
        pictures: list[str] | None = None,
        editing: bool = False,
        allow_files: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = groups or []
        if pictures:
            choices = [("", "(default picture)")] + [(k, k) for k in pictures]
            self.fields["picture_keyword"].choices = choices
        else:
            del self.fields["picture_keyword"]
        if editing:
            for name in ("journal", "also_to", "direct_to", "files"):
                del self.fields[name]
        else:
            self.fields["journal"].choices = journals or []
            self.fields["also_to"].choices = communities or []
            if not communities:
                del self.fields["also_to"]
            if not allow_files:
                del self.fields["files"]

    def clean_direct_to(self) -> list[str]:
        raw = self.cleaned_data.get("direct_to") or ""
        return [canonical_username(n) for n in raw.replace(";", ",").split(",") if n.strip()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("security") == "custom" and not data.get("groups"):
            self.add_error("groups", "Choose at least one friend group for custom security.")
        if not (data.get("body") or "").strip() and not self.errors.get("body"):
            self.add_error("body", "The entry needs some text.")
        return data

    def allowmask(self) -> tuple[str, int]:
        """The domain's (security, allowmask) for the chosen visibility."""
        security = self.cleaned_data["security"]
        if security == "friends":
            return "usemask", 1
        if security == "custom":
            mask = 0
            for bit in self.cleaned_data.get("groups") or []:
                mask |= 1 << int(bit)
            return "usemask", mask
        return security, 0

    def props(self) -> dict[str, str]:
        data = self.cleaned_data
        moodid = data.get("moodid") or ""
        mood = data.get("mood") or (MOOD_NAMES.get(moodid, "") if moodid else "")
        return {
            "current_moodid": moodid,
            "current_mood": mood,
            "current_music": data.get("music") or "",
            "current_location": data.get("location") or "",
            "opt_backdated": "1" if data.get("backdated") else "",
            "opt_nocomments": "1" if data.get("comments_disabled") else "",
            **(
                {"picture_keyword": data.get("picture_keyword") or ""}
                if "picture_keyword" in self.fields
                else {}
            ),
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Comment", max_length=16000
    )
    subject = forms.CharField(max_length=255, required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Comment")


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=50, required=False, label="Display name")
    email = forms.EmailField(required=False)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="About you"
    )
    time_zone = forms.CharField(max_length=64, initial="UTC", label="Time zone")
    is_private = forms.BooleanField(
        required=False, label="Private journal (readers need your approval)"
    )

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip() or "UTC"
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(
                "Unknown time zone; use a name like Europe/Paris or UTC."
            ) from None
        return value


class UsernameForm(forms.Form):
    username = forms.CharField(max_length=25, label="Username")

    def clean_username(self) -> str:
        return canonical_username(self.cleaned_data["username"])


class FriendGroupForm(forms.Form):
    name = forms.CharField(max_length=40, label="Group name")
    sort_order = forms.IntegerField(min_value=0, max_value=255, required=False, label="Order")
    is_public = forms.BooleanField(required=False, label="Public")


class CommunityForm(forms.Form):
    name = forms.CharField(max_length=25, help_text="1–25 lower-case letters, digits or _.")
    title = forms.CharField(max_length=100, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_private = forms.BooleanField(required=False, label="Private (members only read it)")
    moderated = forms.BooleanField(required=False, label="Joining needs approval")

    def clean_name(self) -> str:
        from journal.views.common import RESERVED_NAMES

        name = canonical_username(self.cleaned_data["name"])
        username_validator(name)
        if name in RESERVED_NAMES:
            raise forms.ValidationError("That name is reserved; please choose another.")
        return name


class RemoteKeyForm(forms.Form):
    name = forms.CharField(max_length=60, label="Key name", help_text="E.g. the client using it.")


class UserpicForm(forms.Form):
    image = forms.ImageField(label="Picture", help_text="PNG, JPEG or GIF, up to 100×100 shown.")
    keywords = forms.CharField(
        max_length=400, required=False, help_text="Separated by commas; used as picture keywords."
    )
    comment = forms.CharField(max_length=255, required=False)
    make_default = forms.BooleanField(required=False, label="Make this my default picture")


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(choices=[(t, t.title()) for t in THEMES])
    background_file = forms.ImageField(required=False, label="Background picture (custom only)")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key in THEME_COLOR_KEYS:
            self.fields[f"color_{key}"] = forms.CharField(
                required=False,
                max_length=7,
                label=f"{key.title()} colour",
                widget=forms.TextInput(attrs={"type": "color"}),
            )

    def colors(self) -> dict[str, str]:
        if self.cleaned_data.get("theme") != "custom":
            return {}
        return {
            key: self.cleaned_data[f"color_{key}"]
            for key in THEME_COLOR_KEYS
            if self.cleaned_data.get(f"color_{key}")
        }


class DirectMessageForm(forms.Form):
    to = forms.CharField(label="To", help_text="Usernames separated by commas.")
    subject = forms.CharField(max_length=255, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Message")

    def clean_to(self) -> list[str]:
        names = [
            canonical_username(n)
            for n in self.cleaned_data["to"].replace(";", ",").split(",")
            if n.strip()
        ]
        if not names:
            raise forms.ValidationError("Name at least one person.")
        return names
