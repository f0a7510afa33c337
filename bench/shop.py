"""The shop under load: add to basket → order placed, as full HTTP flows against gunicorn.

Each simulated buyer is a new guest with its own cookies: it fetches the course page
(for the CSRF token), adds the course to its basket, gives its e-mail address, the
company's details, opens the preview and places the order. One buyer at a time gives
the latency of the whole flow; eight at once give orders per second and show whether
any order or invoice number came out twice.
"""

import http.client
import re
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

COMPANY = {
    "company_name": "Bench AB",
    "organisation_number": "556036-0793",
    "vat_number": "",
    "first_name": "Bea",
    "last_name": "Bench",
    "phone": "",
    "line1": "Testgatan 1",
    "line2": "",
    "postcode": "111 22",
    "city": "Stockholm",
    "reference": "",
}
# The buyers' addresses start so: the orders checked afterwards are theirs, not the
# privacy centre bench's, whose 1,000 orders are made without invoices on purpose.
BUYER_PREFIX = "shop-buyer-"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TERMS_VERSION = re.compile(r'name="terms_version" value="([^"]*)"')


class Browser:
    """Just enough of a browser: cookies (secure ones too: the server sees HTTPS through
    X-Forwarded-Proto), CSRF tokens, redirects not followed."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + path,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
        return response.status, location, text

    def expect(self, method, path, status, form=None) -> str:
        got, location, text = self.request(method, path, form)
        if got != status:
            raise RuntimeError(f"{method} {path}: {got}, expected {status} ({location or text[:200]})")
        return location

    def close(self):
        self.connection.close()


def buy(port: int, product_id: int, course_path: str, email: str) -> float:
    """One whole purchase by a new guest; returns its duration in seconds."""
    browser = Browser(port)
    try:
        browser.expect("GET", course_path, 200)  # sets the CSRF cookie, as a visitor's first page does
        started = time.perf_counter()
        browser.expect("POST", f"/sv/shop/basket/add/{product_id}/", 302, {"quantity": "1"})
        browser.expect("GET", "/sv/shop/checkout/", 200)
        next_step = browser.expect(
            "POST", "/sv/shop/checkout/", 302, {"username": email, "options": "anonymous", "password": ""}
        )
        while next_step != "/sv/shop/checkout/payment-method/":
            next_step = browser.expect("GET", next_step, 302)
        browser.expect("GET", next_step, 200)
        preview = browser.expect("POST", next_step, 302, {**COMPANY, "invoice_email": email})
        status, _location, page = browser.request("GET", preview)
        if status != 200:
            raise RuntimeError(f"GET {preview}: {status}, expected 200")
        shown = TERMS_VERSION.search(page)  # the buyer accepts the terms in the version shown
        place = {
            "action": "place_order",
            "accept_terms": "on",
            "terms_version": shown.group(1) if shown else "",
        }
        thanks = browser.expect("POST", preview, 302, place)
        elapsed = time.perf_counter() - started
        browser.expect("GET", thanks, 200)
        return elapsed
    finally:
        browser.close()


def run_buyers(port, product_id, course_path, buyers: int, orders_each: int, tag: str) -> dict:
    durations, errors = [], []
    lock = threading.Lock()

    def buyer(index):
        for n in range(orders_each):
            try:
                seconds = buy(port, product_id, course_path, f"{BUYER_PREFIX}{tag}-{index}-{n}@example.com")
                with lock:
                    durations.append(seconds)
            except Exception as exc:  # noqa: BLE001  (counted and reported)
                with lock:
                    errors.append(str(exc))

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(buyers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    durations.sort()
    return {
        "orders": len(durations),
        "errors": len(errors),
        "first_errors": errors[:3],
        "orders_per_s": round(len(durations) / wall, 2),
        "p50_ms": round(durations[len(durations) // 2] * 1000, 1) if durations else None,
        "p95_ms": round(durations[int(len(durations) * 0.95) - 1] * 1000, 1) if durations else None,
    }


def check_numbers() -> dict:
    """Orders and invoices after the runs: none twice, invoice numbers without gaps, and
    every order the buyers placed with its invoice."""
    from django.db.models import Count

    from oscar.core.loading import get_model

    from shop.invoicing.models import Invoice

    Order = get_model("order", "Order")
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    return {
        "orders": Order.objects.count(),
        "invoices": len(numbers),
        "duplicate_order_numbers": Order.objects.values("number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "invoice_numbers_gap_free": numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        if numbers
        else True,
        "orders_without_invoice": Order.objects.filter(
            invoice__isnull=True, user__email__startswith=BUYER_PREFIX
        ).count(),
    }
