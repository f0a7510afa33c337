# Forked to charge Swedish VAT (moms): Oscar's default strategy charges no tax at all.
from decimal import Decimal

from django.conf import settings

from oscar.apps.partner import availability, strategy


class SwedishVAT(strategy.FixedRateTax):
    """Prices in stock records exclude VAT, as a B2B seller quotes them; the rate comes
    from the product's class (settings.SHOP_VAT_RATES), rounded to whole öre."""

    exponent = Decimal("0.01")

    def get_rate(self, product, stockrecord):
        product_class = product.get_product_class()
        rates = settings.SHOP_VAT_RATES
        return Decimal(rates.get(product_class.name if product_class else "", settings.SHOP_DEFAULT_VAT_RATE))


class PublicOnly(strategy.StockRequired):
    """A product withdrawn from sale (not public: its course is unpublished) cannot be
    bought: Oscar's add-to-basket form and checkout both ask this policy."""

    def availability_policy(self, product, stockrecord):
        if not product.is_public:
            return availability.Unavailable()
        return super().availability_policy(product, stockrecord)


class Default(strategy.UseFirstStockRecord, PublicOnly, SwedishVAT, strategy.Structured):
    pass


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
