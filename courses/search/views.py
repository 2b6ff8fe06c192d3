"""The search page, ``/search/?q=…&course=…``."""

from django.shortcuts import render

from courses.search.selectors import search_site


def search(request):
    """Show live courses and lessons matching ``q``, optionally within one course.

    Any input is answered with a page: an empty, junk or overlong query gives a calm
    message (the selector cuts and cleans it), a non-numeric ``course`` is ignored.
    """
    query = request.GET.get("q", "")
    course = request.GET.get("course", "")
    # isascii: "²" is a digit to isdigit() but not a number to int().
    course_id = int(course) if course.isascii() and course.isdigit() and len(course) < 12 else None
    results = search_site(query=query, course_id=course_id)
    return render(request, "search/search.html", {"results": results, "course_id": course_id})
