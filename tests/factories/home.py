from wagtail.rich_text import RichText

import factory
import wagtail_factories

from home.models import HomePage, NewsIndexPage, NewsPage, PolicyPage


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = "home.User"
        django_get_or_create = ["email"]


class HomePageFactory(wagtail_factories.PageFactory):
    """A Swedish home page; pass `parent` (the tree root)."""

    title = "Välkommen"
    slug = factory.Sequence(lambda n: f"start-{n}")
    intro = "Kurser för företag"

    class Meta:
        model = HomePage


class PolicyPageFactory(wagtail_factories.PageFactory):
    """A policy page; pass `parent` (a home page)."""

    title = "Personuppgiftspolicy"
    slug = factory.Sequence(lambda n: f"policy-{n}")
    version = "1.0"
    effective_date = factory.Faker("date_object")
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Varför vi behandlar uppgifter", "level": "h2"}),
            ("paragraph", RichText("<p>Vi behandlar uppgifter för att leverera kurser.</p>")),
        ]
    )

    class Meta:
        model = PolicyPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    """The news index; pass `parent` (a home page)."""

    title = "Nyheter"
    slug = factory.Sequence(lambda n: f"nyheter-{n}")

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    """A news item; pass `parent` (a news index)."""

    title = "Nya kurser i vår"
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    intro = "Tre nya kurser om dataskydd."
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Anmäl dig nu", "level": "h2"}),
            ("paragraph", RichText('<p>Läs mer i <a href="/sv/kurser/">katalogen</a> &amp; boka.</p>')),
        ]
    )

    class Meta:
        model = NewsPage
