"""Sign-up in four short steps, so a mistake never costs more than one screen.

1. mobile number or email, 2. name and honorific, 3. year of birth, gender, group and
home center, 4. password (twice) and consent. Each step is a normal server-rendered
form (no JavaScript needed); what steps 1-3 said is kept in the session (never the
password). Every step is checked with the whole sign-up form, so the rules live in one
place (:class:`lms.accounts.forms.SignupForm` and allauth's form built on it), and only
that step's errors are shown. The last step hands the whole form to allauth's own
sign-up flow, which creates the account once and goes on to phone verification.

A POST with every field at once (a script, or a test) works as before: it is checked
as a whole, and on an error the learner lands on the first step that has one.
"""

from dataclasses import dataclass

from allauth.account import app_settings as allauth_settings
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.views import SignupView
from allauth.account.views._decorators import sensitive_post_parameters_m
from allauth.utils import get_form_class
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

SESSION_KEY = "signup_steps"


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    fields: tuple[str, ...]


STEPS = (
    Step(1, _("Mobile number or email"), ("phone", "email")),
    Step(2, _("Your name"), ("title", "title_other", "first_name", "last_name")),
    Step(3, _("About you"), ("birth_year_be", "gender", "target_group", "province", "home_center")),
    Step(4, _("Password and consent"), ("password1", "password2", "consent")),
)
LAST = STEPS[-1]
#: What the session keeps between steps: everything but the password and consent.
KEPT_FIELDS = tuple(name for step in STEPS[:-1] for name in step.fields)


class StepSignupForm(AllauthSignupForm):
    """allauth's sign-up form (built on ours) that also checks the password against the
    name typed in step 2: allauth checks it only against the email address."""

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.has_error("password1"):
            person = get_user_model()(
                title=cleaned.get("title_value", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email") or None,
                phone=cleaned.get("phone") or None,
            )
            try:
                password_validation.validate_password(password, person)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _step(number) -> Step | None:
    try:
        return STEPS[int(number) - 1] if int(number) >= 1 else None
    except (TypeError, ValueError, IndexError):
        return None


class StepSignupView(SignupView):
    """allauth's sign-up view, one step at a time (see the module docstring)."""

    template_name = "account/signup.html"

    @method_decorator(login_not_required)
    @sensitive_post_parameters_m
    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and _step(request.POST.get("step")) not in (None, LAST):
            # The steps before the last write nothing but the session: they skip
            # allauth's sign-up dispatch. Every step's POST counts against the per-IP
            # ``signup`` limit (lms.accounts.app_settings.IP_LIMITED_VIEWS), sized for a
            # room of 60 going through four steps with a few mistakes each.
            return super(SignupView, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return get_form_class(allauth_settings.FORMS, "signup", StepSignupForm)

    # --- What the session keeps --------------------------------------------------------

    def kept(self) -> dict:
        return dict(self.request.session.get(SESSION_KEY, {}).get("data", {}))

    def done(self) -> int:
        """How many steps are finished (their data kept and accepted)."""
        return int(self.request.session.get(SESSION_KEY, {}).get("done", 0))

    def keep(self, data, done: int) -> None:
        kept = {name: data.get(name, "") for name in KEPT_FIELDS if name in data}
        self.request.session[SESSION_KEY] = {"data": {**self.kept(), **kept}, "done": done}

    def merged(self, post) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, value in self.kept().items():
            data[name] = value
        for name in post:
            data.setlist(name, post.getlist(name))
        return data

    # --- Requests ----------------------------------------------------------------------

    def step_url(self, step: Step) -> str:
        query = {"step": step.number}
        next_url = self.get_next_url()
        if next_url:
            query[self.redirect_field_name] = next_url
        return f"{reverse('account_signup')}?{urlencode(query)}"

    def get(self, request, *args, **kwargs):
        step = _step(request.GET.get("step")) or STEPS[0]
        if step.number > self.done() + 1:
            return HttpResponseRedirect(self.step_url(STEPS[self.done()]))
        self.step = step
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        initial = super().get_initial()
        initial.update(self.kept())
        return initial

    def post(self, request, *args, **kwargs):
        step = _step(request.POST.get("step"))
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": self.merged(request.POST)})
        valid = form.is_valid()
        if step is not None and step is not LAST:
            if any(form.has_error(name) for name in step.fields):
                return self.show(form, step)
            self.keep(request.POST, done=max(self.done(), step.number))
            return HttpResponseRedirect(self.step_url(STEPS[step.number]))
        if valid:
            request.session.pop(SESSION_KEY, None)
            return self.form_valid(form)
        # The last step, or every field at once: back to the first step with an error.
        first_error = next(s for s in STEPS if any(form.has_error(name) for name in s.fields) or s is LAST)
        self.keep(form.data, done=first_error.number - 1)
        return self.show(form, first_error)

    def show(self, form, step: Step):
        """Render ``step`` with only its own errors (and the form-wide ones at the end)."""
        for name in list(form.errors):
            if name not in step.fields and not (name == "__all__" and step is LAST):
                del form.errors[name]
        for name in ("password1", "password2"):
            if name in form.fields:
                # Never wipe what the learner just typed on the password step.
                form.fields[name].widget.render_value = True
        self.step = step
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        step = getattr(self, "step", STEPS[0])
        context.update(
            step=step,
            steps=STEPS,
            step_fields=[form[name] for name in step.fields if name in form.fields],
            hidden_fields=[form[name] for name in form.fields if name not in KEPT_FIELDS + LAST.fields],
        )
        if step is LAST:
            context["summary"] = self.summary()
        return context

    def summary(self) -> dict:
        """What steps 1-3 said, read back before the account is made (the name is printed
        on certificates)."""
        check = self.get_form_class()(**{**self.get_form_kwargs(), "data": self.merged(QueryDict())})
        check.is_valid()
        data = getattr(check, "cleaned_data", {})
        return {
            "name": check.full_name,
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
            "birth_year_be": data.get("birth_year_be"),
            "center": data.get("home_center"),
            "steps": STEPS,
        }


signup = StepSignupView.as_view()
