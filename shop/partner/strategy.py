# Forked to charge Swedish VAT (moms): Oscar's default strategy charges no tax at all.
from decimal import Decimal

from django.conf import settings

from oscar.apps.partner import availability, prices, strategy


class SwedishVAT(strategy.FixedRateTax):
    """Prices in stock records exclude VAT, as a B2B seller quotes them; the rate comes
    from the product's class (settings.SHOP_VAT_RATES), rounded to whole öre."""

    exponent = Decimal("0.01")

    def get_rate(self, product, stockrecord):
        product_class = product.get_product_class()
        rates = settings.SHOP_VAT_RATES
        return Decimal(rates.get(product_class.name if product_class else "", settings.SHOP_DEFAULT_VAT_RATE))

    def pricing_policy(self, product, stockrecord):
        # Oscar's FixedRateTax returns a TaxInclusiveFixedPrice, whose offers are computed
        # on the price including VAT while Oscar books the discount as excluding it (with
        # OSCAR_OFFERS_INCL_TAX off): 10 % off 1 000 kr would take 125 kr off the net
        # price. A B2B shop discounts the net price, so offers see the price excluding VAT.
        price = super().pricing_policy(product, stockrecord)
        if not price.exists:
            return price
        return prices.FixedPrice(currency=price.currency, excl_tax=price.excl_tax, tax=price.tax)


class PublicOnly(strategy.StockRequired):
    """A product withdrawn from sale (not public: its course is unpublished) cannot be
    bought: Oscar's add-to-basket form and checkout both ask this policy."""

    def availability_policy(self, product, stockrecord):
        if not product.is_public:
            return availability.Unavailable()
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, PublicOnly, SwedishVAT, strategy.Structured):
    def fetch_for_line(self, line, stockrecord=None):
        # Oscar's looks the product's stock records up again; a line holds the one it was
        # added with (read with it: shop/basket_cookie.py), and the order is written from it.
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
