"""Oscar's analytics of a placed order (the dashboard's reports), in two statements.

Oscar's receiver updates each product's record and then the buyer's, inserting each
record missing: two or three queries per line and two for the buyer. Here each is one
INSERT … ON CONFLICT DO UPDATE (PostgreSQL, and SQLite from 3.24), adding the same
figures. gdpr/analytics.py connects it in place of Oscar's, without the buyer when their
processing for statistics is restricted.
"""

from collections import Counter

from django.db import connection

from oscar.core.loading import get_model

ProductRecord = get_model("analytics", "ProductRecord")
UserRecord = get_model("analytics", "UserRecord")


def _upsert(model, key: str, values: list[dict], added: list[str], replaced: tuple[str, ...] = ()) -> None:
    """Insert a row of `model` per item of `values`; where one with the same `key`
    exists, add the `added` fields to it and set the `replaced` ones."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [model._meta.get_field(name) for name in values[0]]
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    updates = [f"{quote(column)} = {table}.{quote(column)} + EXCLUDED.{quote(column)}" for column in added]
    updates += [f"{quote(column)} = EXCLUDED.{quote(column)}" for column in replaced]
    params = [field.get_db_prep_save(item[field.name], connection) for item in values for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(values))} "
            f"ON CONFLICT ({quote(model._meta.get_field(key).column)}) DO UPDATE SET {', '.join(updates)}",
            params,
        )


def record_order_placed(sender, order, user, **kwargs) -> None:
    """What Oscar's `receive_order_placed` records: purchases per product, and the
    buyer's orders, lines, items, spending and last order."""
    if kwargs.get("raw", False):
        return
    purchases = Counter()
    for line in order.lines.all():
        if line.product_id is not None:
            purchases[line.product_id] += line.quantity
    if purchases:
        _upsert(
            ProductRecord,
            "product",
            [
                {
                    "product": product_id,
                    "num_views": 0,
                    "num_basket_additions": 0,
                    "num_purchases": count,
                    "score": 0,
                }
                for product_id, count in sorted(purchases.items())
            ],
            added=["num_purchases"],
        )
    if user is not None and user.is_authenticated:
        _upsert(
            UserRecord,
            "user",
            [
                {
                    "user": user.pk,
                    "num_product_views": 0,
                    "num_basket_additions": 0,
                    "num_orders": 1,
                    "num_order_lines": order.num_lines,
                    "num_order_items": order.num_items,
                    "total_spent": order.total_incl_tax,
                    "date_last_order": order.date_placed,
                }
            ],
            added=["num_orders", "num_order_lines", "num_order_items", "total_spent"],
            replaced=("date_last_order",),
        )
