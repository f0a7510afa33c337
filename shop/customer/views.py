"""Oscar's account pages in the site's design, reduced to what a buyer of courses needs.

Oscar's class loader finds these under their Oscar names; every view not defined here
is Oscar's own (star import below).
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic

from oscar.apps.customer import views as oscar_views
from oscar.apps.customer.views import *  # noqa: F403  (get_class finds every other view here)
from oscar.core.loading import get_model

from courses.products import COURSE_PRODUCT_CLASS

from . import registration
from .forms import RegistrationForm

Line = get_model("order", "Line")


class AccountSummaryView(generic.RedirectView):
    # The account area starts with the buyer's courses, not Oscar's profile page.
    pattern_name = "account-courses"
    permanent = False


class AccountAuthView(oscar_views.AccountAuthView):
    """Log in, or register with an e-mail address (registration.py)."""

    template_name = "shop/account/login.html"
    registration_form_class = RegistrationForm

    def get_registration_form_kwargs(self, bind_data=False):
        kwargs = {"prefix": self.registration_prefix}
        if bind_data and self.request.method == "POST":
            kwargs["data"] = self.request.POST
        return kwargs

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(registration_form=form))
        registration.register(form.cleaned_data["email"])
        return redirect("customer:registration-sent")


class AccountRegistrationView(generic.FormView):
    """The same registration on its own page (Oscar links to it, e.g. from checkout)."""

    form_class = RegistrationForm
    template_name = "shop/account/register.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        registration.register(form.cleaned_data["email"])
        return redirect("customer:registration-sent")


class LogoutView(oscar_views.LogoutView):
    # Only a POST logs out: a GET would let any site log a person out with a link or an image.
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProfileView(oscar_views.ProfileView):
    template_name = "shop/account/profile.html"


class ProfileUpdateView(oscar_views.ProfileUpdateView):
    template_name = "shop/account/profile_form.html"
    page_title = _("Edit profile")


class ChangePasswordView(oscar_views.ChangePasswordView):
    template_name = "shop/account/change_password.html"
    page_title = _("Change password")


class OrderHistoryView(oscar_views.OrderHistoryView):
    template_name = "shop/account/orders.html"

    def get(self, request, *args, **kwargs):
        # Oscar's search form is not offered; a list of a buyer's orders stays short.
        self.form = self.form_class()
        return generic.ListView.get(self, request, *args, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("invoice")
            .prefetch_related("lines")
            .order_by("-date_placed", "-pk")
        )


class OrderDetailView(oscar_views.OrderDetailView):
    # GET only: Oscar's "re-order" (a POST) is not offered.
    http_method_names = ["get", "head", "options"]

    def get_template_names(self):
        return ["shop/account/order.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.object.lines.select_related("product__product_class").order_by("pk"))
        for line in lines:
            line.is_seats = bool(line.product and line.product.product_class.name == COURSE_PRODUCT_CLASS)
        context["lines"] = lines
        context["invoice"] = getattr(self.object, "invoice", None)
        return context


class OrderLineView(generic.View):
    """Oscar shows no page for one line (a GET used to answer 500): go to its order."""

    def get(self, request, order_number, line_id):
        line = get_object_or_404(Line, pk=line_id, order__number=order_number, order__user=request.user)
        return redirect(reverse("customer:order", args=[line.order.number]) + f"#line-{line.pk}")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "shop/account/password_reset_form.html"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "shop/account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password from a mailed link: after "forgot my password", and also the
    first password of an account made at checkout or registration (the same link)."""

    template_name = "shop/account/password_reset_confirm.html"

    def form_valid(self, form):
        self.is_first_password = not self.user.has_usable_password()
        return super().form_valid(form)

    def get_success_url(self):
        url = super().get_success_url()
        return f"{url}?first=1" if self.is_first_password else url


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    # Someone who just chose their first password never had one to reset.
    template_name = "shop/account/password_reset_complete.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "is_first_password": self.request.GET.get("first") == "1",
        }
