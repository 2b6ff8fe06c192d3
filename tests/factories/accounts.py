import factory

from lms.accounts.models import User

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A learner with an email address and the test password."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    phone = None
    title = "นางสาว"
    first_name = factory.Sequence(lambda n: f"สมหญิง{n}")
    last_name = "ใจงาม"
    birth_year = 1970
    gender = "female"
    target_group = "general_public"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
