"""Views of the certificates app: thin wrappers around selectors and services.

Public: the verification form and page (no JavaScript, rate limited). Learners: the
PDF download. Staff (``/staff/certificates/``): list, revoke, reissue, batch print.
Anything a person may not see answers 404, never revealing that it exists.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from certificates import selectors, services
from certificates.constants import BatchStatus, CertificateStatus
from certificates.forms import CertificateFilter, RevokeForm, SessionBatchForm, VerifyCodeForm
from certificates.ratelimit import over_limit


def rate_limited(view):
    """Answer 429 with a Thai message when one address looks up too many codes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if over_limit(request):
            response = render(request, "certificates/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Signed in, and holding a role that manages certificates; otherwise 404."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not selectors.may_manage_certificates(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- Public verification --------------------------------------------------------------


@rate_limited
def verify_form(request):
    """A form to type a code; a valid-looking code goes on to its verification page."""
    form = VerifyCodeForm(request.GET or None)
    if form.is_valid():
        code = services.normalise_verification_code(form.cleaned_data["code"])
        if code:
            return redirect("certificates:verify", code=code)
        return render(request, "certificates/verify_not_found.html", {"form": form}, status=404)
    return render(request, "certificates/verify_form.html", {"form": form})


@rate_limited
def verify(request, code):
    """Whether a certificate is valid, revoked or replaced, with only what it prints."""
    normalised = services.normalise_verification_code(code)
    if normalised and normalised != code:
        return redirect("certificates:verify", code=normalised)
    certificate = selectors.certificate_by_code(normalised)
    if certificate is None:
        return render(request, "certificates/verify_not_found.html", {"form": VerifyCodeForm()}, status=404)
    return render(
        request, "certificates/verify.html", {"certificate": certificate, "statuses": CertificateStatus}
    )


# --- Downloads ------------------------------------------------------------------------


def _pdf_response(certificate):
    certificate = services.certificate_pdf_store(certificate=certificate)
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificate-{certificate.serial}.pdf",
        content_type="application/pdf",
    )


@login_required
def download(request, enrollment_id):
    """The learner's valid certificate for an enrollment (the owner, its center's staff
    and admins only; anyone else 404). Rendered once, then served from storage."""
    certificate = selectors.valid_certificate_for_enrollment(request.user, enrollment_id=enrollment_id)
    if certificate is None:
        raise Http404
    return _pdf_response(certificate)


@login_required
def certificate_pdf(request, pk):
    """One certificate's PDF by id, for staff pages and the owner."""
    certificate = selectors.certificate_for_download(request.user, pk=pk)
    if certificate is None:
        raise Http404
    return _pdf_response(certificate)


# --- Staff ----------------------------------------------------------------------------


def _filtered(request):
    centers = selectors.centers_visible_to(request.user)
    return CertificateFilter(
        request.GET or None, queryset=selectors.certificates_for_staff(request.user), centers=centers
    )


@staff_required
def staff_list(request):
    """Certificates of the centers the person may see, filtered and paged."""
    filterset = _filtered(request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    session_form = SessionBatchForm(centers=selectors.centers_visible_to(request.user))
    return render(
        request,
        "certificates/staff/certificate_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "session_form": session_form,
            "query": request.GET.urlencode(),
            "batches": selectors.batches_for(request.user)[:5],
        },
    )


@staff_required
def staff_detail(request, pk):
    certificate = get_object_or_404(selectors.certificates_for_staff(request.user), pk=pk)
    return render(
        request,
        "certificates/staff/certificate_detail.html",
        {"certificate": certificate, "revoke_form": RevokeForm(), "statuses": CertificateStatus},
    )


@staff_required
@require_POST
def staff_revoke(request, pk):
    certificate = get_object_or_404(selectors.certificates_for_staff(request.user), pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], revoked_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("The certificate was revoked."))
            return redirect("certificates:staff_detail", pk=pk)
    else:
        messages.error(request, gettext("Give a reason for revoking the certificate."))
    return render(
        request,
        "certificates/staff/certificate_detail.html",
        {"certificate": certificate, "revoke_form": form, "statuses": CertificateStatus},
        status=400,
    )


@staff_required
@require_POST
def staff_reissue(request, pk):
    certificate = get_object_or_404(selectors.certificates_for_staff(request.user), pk=pk)
    try:
        new = services.certificate_reissue(certificate=certificate, issued_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certificates:staff_detail", pk=pk)
    messages.success(request, gettext("A new certificate was issued with the learner's current name."))
    return redirect("certificates:staff_detail", pk=new.pk)


@staff_required
@require_POST
def batch_create(request):
    """Queue one PDF of the filtered certificates, or of one training session's."""
    centers = selectors.centers_visible_to(request.user)
    visible = selectors.certificates_for_staff(request.user).filter(status=CertificateStatus.VALID)
    if "session" in request.POST:
        form = SessionBatchForm(request.POST, centers=centers)
        if not form.is_valid():
            messages.error(request, gettext("Choose a training session."))
            return redirect("certificates:staff_list")
        session = form.cleaned_data["session"]
        certificates = visible.filter(course=session.course, user__session_registrations__session=session)
        description = gettext("Session: %(session)s") % {"session": session}
    else:
        filterset = CertificateFilter(request.POST, queryset=visible, centers=centers)
        if not filterset.is_valid():
            messages.error(request, gettext("Check the filters."))
            return redirect("certificates:staff_list")
        certificates = filterset.qs
        description = gettext("Filtered list")
    try:
        batch = services.certificate_batch_create(
            certificates=certificates, created_by=request.user, description=description
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("certificates:staff_list"))
    return redirect("certificates:batch_detail", pk=batch.pk)


@staff_required
def batch_detail(request, pk):
    """Progress of a batch; the page refreshes itself (no JavaScript) until it is ready."""
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    working = batch.status in (BatchStatus.PENDING, BatchStatus.RUNNING)
    return render(
        request,
        "certificates/staff/batch_detail.html",
        {"batch": batch, "working": working, "statuses": BatchStatus},
    )


@staff_required
def batch_download(request, pk):
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk, status=BatchStatus.DONE)
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=f"certificates-{batch.pk}.pdf",
        content_type="application/pdf",
    )
