"""Administration of users and memberships, each page scoped through `for_user`.

A user outside the acting user's scope answers 404 like one that does not exist. Refusals that
concern a user the acting user can see (e.g. a user who also works in another country) are
explained on the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from trygg.core.scoping import has_perm_anywhere
from trygg.core.services import OutOfScope
from trygg.core.views import ScopedDetailView, ScopedListView, ScopedViewMixin

from .. import services
from ..forms import MembershipForm, SetPasswordForm, UserCreateForm, UserSearchForm, add_service_errors
from ..models import Membership, User
from ..roles import Perm
from ..second_factor import confirmed_totp_device
from .common import SecondFactorPassedMixin


def visible_memberships(acting_user):
    return Membership.objects.for_user(acting_user, "view").select_related("country", "site", "programme")


class UserListView(SecondFactorPassedMixin, ScopedListView):
    model = User
    required_permission = Perm.USER_VIEW
    template_name = "accounts/user_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        self.search_form = UserSearchForm(self.request.GET or None)
        if self.search_form.is_valid():
            words = self.search_form.cleaned_data["q"].split()
            for word in words:
                qs = qs.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
            status = self.search_form.cleaned_data["status"]
            if status:
                qs = qs.filter(is_active=status == "active")
        return qs.prefetch_related(
            Prefetch(
                "memberships",
                queryset=visible_memberships(self.request.user).order_by(
                    "-is_active", "country__name", "role"
                ),
                to_attr="visible_memberships",
            )
        )

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["accounts/_user_rows.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        context["can_add_user"] = has_perm_anywhere(self.request.user, Perm.USER_ADD)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class UserDetailView(SecondFactorPassedMixin, ScopedDetailView):
    model = User
    required_permission = Perm.USER_VIEW
    template_name = "accounts/user_detail.html"
    context_object_name = "shown_user"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        acting, shown = self.request.user, self.object
        endable = set(
            Membership.objects.for_user(acting, "delete").filter(user=shown).values_list("pk", flat=True)
        )
        context.update(
            memberships=visible_memberships(acting)
            .filter(user=shown)
            .order_by("-is_active", "country__name", "role"),
            endable_membership_ids=endable,
            can_change=User.objects.for_user(acting, "change").filter(pk=shown.pk).exists(),
            can_add_membership=has_perm_anywhere(acting, Perm.MEMBERSHIP_ADD),
            has_second_factor=confirmed_totp_device(shown) is not None,
            is_self=acting.pk == shown.pk,
        )
        return context


class _UserFormPage(SecondFactorPassedMixin, ScopedViewMixin, View):
    """A form page about one user (or a new one); subclasses name the form and the service call."""

    template_name = "accounts/user_form.html"
    title = ""
    submit_label = gettext_lazy("Save")

    def render_form(self, form, status=200, **extra):
        context = {"form": form, "title": self.title, "submit_label": self.submit_label, **extra}
        return render(self.request, self.template_name, context, status=status)


class UserCreateView(_UserFormPage):
    required_permission = Perm.USER_ADD
    title = gettext_lazy("New user")
    submit_label = gettext_lazy("Create user")

    @method_decorator(sensitive_post_parameters("password1", "password2"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_form(UserCreateForm(acting_user=request.user))

    def post(self, request):
        form = UserCreateForm(request.POST, acting_user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.create_user(
                    email=data["email"],
                    full_name=data["full_name"],
                    password=data.get("password1") or None,
                    acting_user=request.user,
                    **form.membership_kwargs(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The user has been created."))
                return redirect("accounts:user_detail", uuid=user.uuid)
        return self.render_form(form, status=400)


class _OneUserMixin:
    """The user from the URL, looked up in the acting user's scope for `user_action`."""

    user_action = "change"

    def get_shown_user(self, uuid):
        return get_object_or_404(User.objects.for_user(self.request.user, self.user_action), uuid=uuid)


class MembershipAddView(_OneUserMixin, _UserFormPage):
    required_permission = Perm.MEMBERSHIP_ADD
    title = gettext_lazy("Add a role")
    submit_label = gettext_lazy("Add role")

    def get(self, request, uuid):
        shown = self.get_shown_user(uuid)
        return self.render_form(MembershipForm(acting_user=request.user), shown_user=shown)

    def post(self, request, uuid):
        shown = self.get_shown_user(uuid)
        form = MembershipForm(request.POST, acting_user=request.user)
        if form.is_valid():
            try:
                services.add_membership(shown, acting_user=request.user, **form.membership_kwargs())
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The role has been added."))
                return redirect("accounts:user_detail", uuid=shown.uuid)
        return self.render_form(form, status=400, shown_user=shown)


class UserSetPasswordView(_OneUserMixin, _UserFormPage):
    required_permission = Perm.USER_CHANGE
    template_name = "accounts/password_form.html"
    title = gettext_lazy("Set a new password")

    @method_decorator(sensitive_post_parameters("password1", "password2"))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, uuid):
        shown = self.get_shown_user(uuid)
        return self.render_form(SetPasswordForm(), shown_user=shown, cancel_uuid=shown.uuid)

    def post(self, request, uuid):
        shown = self.get_shown_user(uuid)
        form = SetPasswordForm(request.POST)
        if form.is_valid():
            try:
                services.set_password(
                    shown, password=form.cleaned_data["password1"], acting_user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except OutOfScope as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The new password is set. The user's open sessions have ended."))
                return redirect("accounts:user_detail", uuid=shown.uuid)
        return self.render_form(form, status=400, shown_user=shown, cancel_uuid=shown.uuid)


class _ConfirmAction(SecondFactorPassedMixin, ScopedViewMixin, View):
    """GET asks 'are you sure?', POST does it; refusals come back as a message on the user's page."""

    template_name = "accounts/confirm.html"
    title = ""
    question = ""
    submit_label = ""
    danger = True
    success_message = ""

    def get_target(self, uuid):
        raise NotImplementedError

    def perform(self, target):
        raise NotImplementedError

    def user_of(self, target):
        return target

    def get(self, request, uuid):
        target = self.get_target(uuid)
        context = {
            "title": self.title,
            "question": self.question,
            "submit_label": self.submit_label,
            "danger": self.danger,
            "target": target,
            "shown_user": self.user_of(target),
        }
        return render(request, self.template_name, context)

    def post(self, request, uuid):
        target = self.get_target(uuid)
        try:
            self.perform(target)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except OutOfScope as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, self.success_message)
        return redirect("accounts:user_detail", uuid=self.user_of(target).uuid)


class UserDeactivateView(_OneUserMixin, _ConfirmAction):
    required_permission = Perm.USER_CHANGE
    title = gettext_lazy("Deactivate user")
    question = gettext_lazy(
        "The user will be logged out everywhere, their API tokens stop working and they cannot log in "
        "until the account is reactivated. Nothing they recorded is removed."
    )
    submit_label = gettext_lazy("Deactivate")
    success_message = gettext_lazy("The user has been deactivated and logged out everywhere.")

    def get_target(self, uuid):
        return self.get_shown_user(uuid)

    def perform(self, target):
        services.deactivate_user(target, acting_user=self.request.user)


class UserReactivateView(_OneUserMixin, _ConfirmAction):
    required_permission = Perm.USER_CHANGE
    title = gettext_lazy("Reactivate user")
    question = gettext_lazy("The user will be able to log in again with their roles that are still active.")
    submit_label = gettext_lazy("Reactivate")
    danger = False
    success_message = gettext_lazy("The user can log in again.")

    def get_target(self, uuid):
        return self.get_shown_user(uuid)

    def perform(self, target):
        services.reactivate_user(target, acting_user=self.request.user)


class MembershipEndView(_ConfirmAction):
    required_permission = Perm.MEMBERSHIP_DELETE
    title = gettext_lazy("End role")
    question = gettext_lazy(
        "The user loses this role from now on. The membership is kept in the record as ended."
    )
    submit_label = gettext_lazy("End role")
    success_message = gettext_lazy("The role has ended.")

    def get_target(self, uuid):
        memberships = Membership.objects.for_user(self.request.user, "delete").select_related(
            "user", "country", "site", "programme"
        )
        return get_object_or_404(memberships, uuid=uuid)

    def perform(self, target):
        services.end_membership(target, acting_user=self.request.user)

    def user_of(self, target):
        return target.user
