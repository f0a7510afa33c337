from oscar.apps.customer.abstract_models import AbstractUser


class User(AbstractUser):
    """One account for the shop, the learner pages and, for staff, both admins.

    Oscar's abstract user: the e-mail address is the login, there is no username.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def _migrate_alerts_to_user(self):
        # Oscar hands a guest's stock alerts to the account on every save of a user (an
        # UPDATE each time, a login included). The shop offers no stock alerts
        # (shop/customer/apps.py): there are none to hand over.
        pass

    def __str__(self):
        return self.get_full_name() or self.email
