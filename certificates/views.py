"""Views of the certificates app: thin wrappers around selectors and services.

Public: the verification form and page (no JavaScript, rate limited), and the Open
Badges addresses credentials name (status lists, keys, issuer profiles). Learners: the
PDF download, their certificate page and its Open Badges credential. Staff (``/staff/certificates/``): list, revoke, reissue, batch print.
Anything a person may not see answers 404, never revealing that it exists.
"""

import hashlib
import json
import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from certificates import selectors, services
from certificates.constants import BatchStatus, CertificateStatus
from certificates.forms import CertificateFilter, RevokeForm, SessionBatchForm, VerifyCodeForm
from certificates.openbadges.contexts import CONTEXT_OB3, CONTEXT_VC2
from certificates.openbadges.credential import (
    STATUS_LIST_SIZE,
    build_credential,
    build_english_achievement,
    build_status_list_credential,
    center_profile,
    national_profile,
)
from certificates.openbadges.keys import published_jwk, published_jwks
from certificates.openbadges.signing import MEDIA_TYPE, sign_credential
from certificates.openbadges.status_list import encode_bitstring
from certificates.ratelimit import over_limit
from certificates.rendering import render_certificate_pdf
from certificates.signing import TimestampUnavailable
from lms.private_files import StorageUnavailable, private_file_response

logger = logging.getLogger(__name__)


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
    # The credential link only for those who may have it (the learner, the center's
    # staff): everyone else sees exactly the facts the page always showed.
    may_download_credential = (
        selectors.certificate_for_credential(request.user, pk=certificate.pk) is not None
    )
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "statuses": CertificateStatus,
            "signing_fingerprint": selectors.signing_certificate_fingerprint(),
            "may_download_credential": may_download_credential,
        },
    )


# --- Downloads ------------------------------------------------------------------------


def _pdf_response(request, certificate):
    """The stored PDF of a valid certificate; a freshly drawn, stamped one otherwise.

    Only staff reach a certificate that is no longer valid (the selectors give owners
    their valid ones only); its stamp ("ถูกเพิกถอน") is drawn now and never stored. A
    full disk while storing the first rendering, a file storage that does not answer
    (an object store that is down) or a time-stamping authority that does not answer
    (``CERTIFICATE_TSA_URL``) answers a Thai page (503), keeping no file.
    """
    filename = f"certificate-{certificate.serial}.pdf"
    if not certificate.is_valid:
        response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    try:
        certificate = services.certificate_pdf_store(certificate=certificate)
        if not certificate.pdf:  # revoked, replaced or erased while it was being drawn
            raise Http404
        return private_file_response(certificate.pdf, filename=filename)
    except services.StorageFull:
        logger.exception("No room to store the PDF of certificate %s", certificate.pk)
        return _try_again_later(request, STORAGE_FULL)
    except StorageUnavailable:
        logger.exception("The PDF of certificate %s cannot be stored or read", certificate.pk)
        return _try_again_later(request, STORAGE_UNAVAILABLE)
    except TimestampUnavailable:
        logger.exception("The PDF of certificate %s cannot be timestamped", certificate.pk)
        return _try_again_later(request, TIMESTAMP_UNAVAILABLE)


#: (heading, explanation) of the pages that ask to try a download again later.
STORAGE_FULL = (
    _("The certificate cannot be saved right now"),
    _(
        "The server has no room left to save your certificate. Your certificate is safe: "
        "nothing was lost. Please try again later, or tell the staff of your center."
    ),
)
STORAGE_UNAVAILABLE = (
    _("The certificate file cannot be opened right now"),
    _(
        "The server that keeps certificate files did not answer. Your certificate is safe: "
        "nothing was lost. Please try again in a few minutes, or tell the staff of your center."
    ),
)
TIMESTAMP_UNAVAILABLE = (
    _("The certificate file cannot be prepared right now"),
    _(
        "The service that certifies the date of the certificate's electronic signature did not "
        "answer. Your certificate is safe: nothing was lost. Please try again in a few minutes, "
        "or tell the staff of your center."
    ),
)


def _try_again_later(request, page: tuple):
    """A Thai page (503) with a "try again" button: the file storage is full or does not
    answer, or the time-stamping authority does not; nothing was lost."""
    heading, explanation = page
    response = render(
        request,
        "certificates/try_again_later.html",
        {"heading": heading, "explanation": explanation},
        status=503,
    )
    response["Retry-After"] = "60"
    return response


@login_required
def download(request, enrollment_id):
    """The learner's valid certificate for an enrollment (the owner, its center's staff
    and admins only; anyone else 404). Rendered once, then served from storage."""
    certificate = selectors.valid_certificate_for_enrollment(request.user, enrollment_id=enrollment_id)
    if certificate is None:
        raise Http404
    return _pdf_response(request, certificate)


@login_required
def certificate_pdf(request, pk):
    """One certificate's PDF by id, for staff pages and the owner."""
    certificate = selectors.certificate_for_download(request.user, pk=pk)
    if certificate is None:
        raise Http404
    return _pdf_response(request, certificate)


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
    may_print = selectors.may_write_certificates(request.user)
    session_form = SessionBatchForm(centers=selectors.centers_managed_by(request.user)) if may_print else None
    batches = selectors.batches_for(request.user)
    services.certificate_batches_recover(batches=batches)
    return render(
        request,
        "certificates/staff/certificate_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "session_form": session_form,
            "may_print": may_print,
            "query": request.GET.urlencode(),
            "batches": batches[:5],
        },
    )


def _detail_context(request, certificate, revoke_form):
    may_manage = selectors.certificates_managed_by(request.user).filter(pk=certificate.pk).exists()
    return {
        "certificate": certificate,
        "revoke_form": revoke_form,
        "statuses": CertificateStatus,
        "may_manage": may_manage,
    }


@staff_required
def staff_detail(request, pk):
    """One certificate; revoke and reissue only for staff of its center."""
    certificate = get_object_or_404(selectors.certificates_for_staff(request.user), pk=pk)
    return render(
        request,
        "certificates/staff/certificate_detail.html",
        _detail_context(request, certificate, RevokeForm()),
    )


@staff_required
@require_POST
def staff_revoke(request, pk):
    certificate = get_object_or_404(selectors.certificates_managed_by(request.user), pk=pk)
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
        _detail_context(request, certificate, form),
        status=400,
    )


@staff_required
@require_POST
def staff_reissue(request, pk):
    certificate = get_object_or_404(selectors.certificates_managed_by(request.user), pk=pk)
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
    centers = selectors.centers_managed_by(request.user)
    visible = selectors.certificates_managed_by(request.user).filter(status=CertificateStatus.VALID)
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
    """Progress of a batch; the page refreshes itself (no JavaScript) while it works.

    Each view first takes up a batch whose worker stopped (or fails it, with a Thai
    message and a "print again" button), so the refreshing always ends.
    """
    batches = selectors.batches_for(request.user)
    services.certificate_batches_recover(batches=batches.filter(pk=pk))
    batch = get_object_or_404(batches, pk=pk)
    working = batch.status in (BatchStatus.PENDING, BatchStatus.RUNNING)
    return render(
        request,
        "certificates/staff/batch_detail.html",
        {"batch": batch, "working": working, "statuses": BatchStatus},
    )


@staff_required
@require_POST
def batch_retry(request, pk):
    """Print a failed batch again, with the certificates the person still manages."""
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    valid = selectors.certificates_managed_by(request.user).filter(status=CertificateStatus.VALID)
    try:
        services.certificate_batch_retry(batch=batch, certificates=valid)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("certificates:batch_detail", pk=pk)


@staff_required
def batch_download(request, pk):
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk, status=BatchStatus.DONE)
    if not batch.file:
        raise Http404
    try:
        return private_file_response(batch.file, filename=f"certificates-{batch.pk}.pdf")
    except StorageUnavailable:
        logger.exception("The PDF of batch %s cannot be read", batch.pk)
        return _try_again_later(request, STORAGE_UNAVAILABLE)


# --- Open Badges 3.0 ------------------------------------------------------------------


def _public_json(data: dict, *, content_type: str = "application/json", max_age: int = 3600) -> HttpResponse:
    """JSON that verifiers anywhere (wallets in a browser too) may read."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type=f"{content_type}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@login_required
def certificate_page(request, enrollment_id):
    """The learner's certificate: its facts, the PDF and the Open Badges credential."""
    certificate = selectors.valid_certificate_for_enrollment(request.user, enrollment_id=enrollment_id)
    if certificate is None:
        raise Http404
    may_download_credential = (
        selectors.certificate_for_credential(request.user, pk=certificate.pk) is not None
    )
    return render(
        request,
        "certificates/certificate_detail.html",
        {"certificate": certificate, "may_download_credential": may_download_credential},
    )


@login_required
def credential_download(request, pk):
    """The certificate as a signed Open Badges 3.0 credential (``application/vc+jwt``):
    for the learner and the staff of its center only; anyone else 404."""
    certificate = selectors.certificate_for_credential(request.user, pk=pk)
    if certificate is None:
        raise Http404
    token = sign_credential(build_credential(certificate))
    response = HttpResponse(token, content_type=MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"certificate-{certificate.serial}.jwt"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def openbadges_status_list(request, number):
    """The signed status list credential: a set bit is a revoked or replaced certificate.

    Never cached without asking: ``no-cache`` makes every cache (browsers, proxies,
    Django's cache middleware) come back, and the ETag of the bits answers 304 while
    nothing changed, so a revocation counts from the next check on.
    """
    first_id = number * STATUS_LIST_SIZE
    revoked = selectors.status_list_revoked_entries(first_id=first_id, size=STATUS_LIST_SIZE)
    if revoked is None:
        raise Http404
    encoded = encode_bitstring((pk - first_id for pk in revoked), size=STATUS_LIST_SIZE)
    etag = '"' + hashlib.sha256(encoded.encode()).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        credential = build_status_list_credential(
            number=number, encoded_list=encoded, valid_from=timezone.now()
        )
        response = HttpResponse(sign_credential(credential), content_type=MEDIA_TYPE)
    else:
        response = not_modified
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def openbadges_jwks(request):
    """Every public key our credentials may name (JWK set)."""
    return _public_json(published_jwks(), content_type="application/jwk-set+json")


def openbadges_key(request, kid):
    """One public key, the JWK a credential's ``kid`` header points at."""
    jwk = published_jwk(kid)
    if jwk is None:
        raise Http404
    return _public_json(jwk)


def openbadges_issuer(request):
    """The national issuer profile (Open Badges ``Profile``)."""
    return _public_json({"@context": [CONTEXT_VC2, CONTEXT_OB3], **national_profile()})


def openbadges_center_issuer(request, pk):
    """An issuing center's profile, under the national issuer."""
    name = selectors.center_name(pk=pk)
    if name is None:
        raise Http404
    return _public_json({"@context": [CONTEXT_VC2, CONTEXT_OB3], **center_profile(pk, name)})


def openbadges_achievement_en(request, course, edition):
    """The English edition of a course's achievement (an OB 3.0 ``Achievement``), named
    in the ``related`` list of the credentials whose course had an English title."""
    found = selectors.english_achievement_edition(translation_key=course, edition=edition)
    if found is None:
        raise Http404
    achievement = build_english_achievement(translation_key=course, **found)
    return _public_json({"@context": [CONTEXT_VC2, CONTEXT_OB3], **achievement})
