"""Checkout for companies paying by invoice.

Oscar's steps, adapted: the gateway (sign in, or continue with an e-mail address), no
shipping (courses and documents are digital, Oscar skips those steps), the company
step (Oscar's "payment method" step: who pays and where the invoice goes), the preview
and placing the order. Placing it creates the account of a guest, the order, its
billing details and its invoice in one transaction, with the buyer's basket locked so
that a double-submitted form can only ever place one order.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import generic

from oscar.apps.checkout import exceptions
from oscar.apps.checkout import views as oscar_views
from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core.loading import get_model

from shop.invoicing.orders import CompanyDetails, complete_invoice_order

from .forms import CompanyDetailsForm, GatewayForm, TermsForm
from .terms import checkout_policies, record_acceptance, terms_in_force

Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
OrderBilling = get_model("invoicing", "OrderBilling")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

INVOICE = "invoice"
AWAITING_PAYMENT = "Awaiting payment"
SESSION_NAMESPACE, SESSION_KEY = "company", "details"


def sweden():
    return Country.objects.get_or_create(
        iso_3166_1_a2="SE",
        defaults={
            "iso_3166_1_a3": "SWE",
            "iso_3166_1_numeric": "752",
            "printable_name": "Sverige",
            "name": "Konungariket Sverige",
            "is_shipping_country": True,
        },
    )[0]


class CompanyDetailsMixin:
    """Reads the company step's answers back from the checkout session."""

    def get_company_details(self) -> dict | None:
        return self.checkout_session._get(SESSION_NAMESPACE, SESSION_KEY)

    def check_company_details_are_captured(self, request):
        if self.checkout_session.payment_method() != INVOICE or not self.get_company_details():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Please tell us which company the invoice goes to."),
            )


class IndexView(oscar_views.IndexView):
    form_class = GatewayForm

    def get_form_kwargs(self):
        # Oscar builds the gateway's AuthenticationForm without the request, so a password
        # tried here reached authenticate() without it, out of login throttling's sight.
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self):
        # Courses and documents need no shipping: record that at once and go straight to
        # the company step, instead of through Oscar's two shipping steps that only
        # redirect (two round trips saved for every buyer).
        basket = self.request.basket
        if not basket.is_shipping_required():
            self.checkout_session.use_shipping_method(NoShippingRequired().code)
            return reverse("checkout:payment-method")
        return super().get_success_url()


class PaymentMethodView(CompanyDetailsMixin, oscar_views.PaymentMethodView, generic.FormView):
    """The company step. Payment is always by invoice, so it asks who pays it."""

    template_name = "oscar/checkout/company_details.html"
    form_class = CompanyDetailsForm
    # Asked even for a free order: it still gets a (zero) invoice and a recipient.
    skip_conditions = []

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_initial(self):
        saved = self.get_company_details()
        if saved:
            return saved
        user = self.request.user
        if not user.is_authenticated:
            return {"invoice_email": self.checkout_session.get_guest_email()}
        initial = {"first_name": user.first_name, "last_name": user.last_name, "invoice_email": user.email}
        last = OrderBilling.objects.filter(order__user=user).select_related("order__billing_address").last()
        if last:
            address = last.order.billing_address
            initial.update(
                company_name=last.company_name,
                organisation_number=last.organisation_number,
                vat_number=last.vat_number,
                phone=last.phone,
                invoice_email=last.email,
                line1=address.line1 if address else "",
                line2=address.line2 if address else "",
                postcode=address.postcode if address else "",
                city=address.line4 if address else "",
            )
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        self.checkout_session._set(SESSION_NAMESPACE, SESSION_KEY, data)
        self.checkout_session.pay_by(INVOICE)
        self.checkout_session.bill_to_new_address(
            {
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "line1": data["line1"],
                "line2": data["line2"],
                "line4": data["city"],
                "postcode": data["postcode"],
                "country_id": sweden().pk,
            }
        )
        return redirect("checkout:preview")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self.get_form())
        return ctx


class PaymentDetailsView(CompanyDetailsMixin, oscar_views.PaymentDetailsView):
    """There are no payment details to take: the preview places the order."""

    pre_conditions = [*oscar_views.PaymentDetailsView.pre_conditions]

    def get_pre_conditions(self, request):
        conditions = super().get_pre_conditions(request)
        if self.preview:
            conditions = [*conditions, "check_company_details_are_captured"]
        return conditions

    def get_skip_conditions(self, request):
        return []

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["company"] = self.get_company_details()
        if self.preview:
            terms_page, privacy_page = checkout_policies(self.request)
            ctx.update(terms_page=terms_page, privacy_page=privacy_page)
            ctx.setdefault("terms_form", TermsForm(current_version=terms_in_force(self.request).version))
        return ctx

    # --- Placing the order --------------------------------------------------------

    def handle_place_order_submission(self, request):
        # The terms of purchase first: without them accepted, in the version shown, nothing happens.
        self.terms = terms_in_force(request)
        terms_form = TermsForm(request.POST, current_version=self.terms.version)
        if not terms_form.is_valid():
            return self.render_preview(
                request, terms_form=terms_form, error=_("The order has not been placed: see below.")
            )
        basket = request.basket
        with transaction.atomic():
            # Held until the order commits: a second submission of the same basket
            # waits here, then finds it submitted. Whether an order has this basket, or
            # its number, is read with it (Oscar's own check of the number is skipped:
            # shop/order/utils.py).
            placed = Order.objects.filter(
                Q(basket_id=OuterRef("pk")) | Q(number=self.generate_order_number(basket))
            )
            locked = (
                Basket.objects.select_for_update()
                .filter(pk=basket.pk)
                .annotate(placed=Exists(placed))
                .first()
            )
            if locked is None or locked.placed or locked.status not in (Basket.OPEN, Basket.FROZEN):
                return self.already_placed(locked or basket)
            submission = self.build_submission(basket=basket)
            if not request.user.is_authenticated:
                user = self.account_for_guest()
                if user is None:
                    messages.error(
                        request,
                        _(
                            "An account with this e-mail address already exists. Please sign in to place the order."
                        ),
                    )
                    return redirect("checkout:index")
                submission["user"] = user
                submission["order_kwargs"].pop("guest_email", None)
            self.placed_order = None
            response = self.submit(**submission)
            if self.placed_order is None:
                # Oscar turned a failure into an error page: undo everything this
                # attempt wrote (a guest's account, half an order), keep the basket.
                transaction.set_rollback(True)
            return response

    def handle_successful_order(self, order):
        self.placed_order = order
        return super().handle_successful_order(order)

    def freeze_basket(self, basket):
        # Oscar saves the basket frozen while a payment provider is asked, so that it
        # cannot change meanwhile. Here the whole submission is one transaction holding the
        # basket's row lock, and the basket is saved submitted (or left as it was): a frozen
        # state would be written only to be overwritten.
        basket.status = Basket.FROZEN

    def already_placed(self, basket):
        order = Order.objects.filter(basket_id=basket.pk).first()
        if order is not None:
            self.request.session["checkout_order_id"] = order.pk
            return HttpResponseRedirect(self.get_success_url())
        messages.info(self.request, _("This order has already been placed."))
        return redirect("basket:summary")

    def account_for_guest(self):
        """The guest's new account; None when the address belongs to an account already."""
        email = self.checkout_session.get_guest_email()
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            return None
        details = self.get_company_details()
        # No password: the confirmation mail carries a link to set one.
        return User.objects.create_user(
            email=email, password=None, first_name=details["first_name"], last_name=details["last_name"]
        )

    def update_address_book(self, user, addr):
        # Oscar copies the billing address into the buyer's address book, a feature the
        # shop does not offer (shop/customer/apps.py): the company step starts from the
        # last order's billing details instead.
        pass

    def save_payment_events(self, order):
        # Oscar's, with one INSERT for the quantities of all the order's lines.
        for event in self._payment_events or ():
            event.order = order
            event.save()
            PaymentEventQuantity.objects.bulk_create(
                PaymentEventQuantity(event=event, line=line, quantity=line.quantity)
                for line in order.lines.all()
            )

    def handle_payment(self, order_number, total, **kwargs):
        # Both types exist from a migration (checkout 0002): found, not created.
        source_type, _ = SourceType.objects.get_or_create(code=INVOICE, defaults={"name": "Invoice"})
        self.add_payment_source(
            Source(
                source_type=source_type,
                currency=total.currency,
                amount_allocated=total.incl_tax,
                reference=order_number,
            )
        )
        self.add_payment_event("Invoiced", total.incl_tax, reference=order_number)

    def get_initial_order_status(self, basket):
        return AWAITING_PAYMENT

    def place_order(self, *args, **kwargs):
        data = self.get_company_details()
        # One savepoint for the order, its payments, billing, invoice and acceptance (the
        # steps inside have none of their own): should a step fail, Oscar shows the
        # preview again with an error, which needs the transaction still usable.
        with transaction.atomic():
            order = super().place_order(*args, **kwargs)
            complete_invoice_order(
                order,
                CompanyDetails(
                    company_name=data["company_name"],
                    organisation_number=data["organisation_number"],
                    vat_number=data["vat_number"],
                    contact_name=f"{data['first_name']} {data['last_name']}",
                    email=data["invoice_email"],
                    phone=data["phone"],
                    reference=data["reference"],
                    language=get_language() or "sv",
                ),
                seller=self.terms.seller,
            )
            record_acceptance(order, self.terms.version)
        return order

    def send_order_placed_email(self, order):
        # Sent by the worker once the invoice PDF exists, with the PDF attached
        # (shop.invoicing.tasks.send_invoice, queued when the order commits).
        pass


class ThankYouView(oscar_views.ThankYouView):
    def get_context_data(self, *args, **kwargs):
        # Oscar's version marks the order "tracked" for analytics on the first view: a
        # write on a GET, for analytics we do not run.
        return generic.DetailView.get_context_data(self, *args, **kwargs)
