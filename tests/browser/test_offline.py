"""Lessons without a signal, in Chromium (issue 16, docs/offline.md).

The service worker is real (``/sw.js`` from the live server), the connection is cut
with ``context.set_offline(True)``, and the tests wait for the worker to control the
page and for the caches and the queue to reach the state they check: no sleeps.
"""

import pytest
from playwright.sync_api import expect

from courses import services
from courses.models import LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.factories.courses import build_course, every_block_body, make_image
from tests.factories.learning import learning_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What the tests read from the browser: the caches, the queue, the worker.
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
IN_CACHE = """async (path) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(path)) return true;
  }
  return false;
}"""
CACHE_PATHS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  }
  return out;
}"""
QUEUE = """() => new Promise((ok, fail) => {
  const r = indexedDB.open("lms-offline", 1);
  r.onsuccess = () => { const g = r.result.transaction("queue").objectStore("queue").getAll();
                        g.onsuccess = () => ok(g.result); g.onerror = () => fail(g.error); };
  r.onerror = () => fail(r.error);
})"""
REQUEUE = """(items) => new Promise((ok, fail) => {
  const r = indexedDB.open("lms-offline", 1);
  r.onsuccess = () => { const t = r.result.transaction("queue", "readwrite");
                        items.forEach((i) => t.objectStore("queue").put(i));
                        t.oncomplete = () => ok(true); t.onerror = () => fail(t.error); };
})"""
SYNC = """() => navigator.serviceWorker.ready.then((reg) => new Promise((ok) => {
  const c = new MessageChannel(); c.port1.onmessage = (e) => ok(e.data);
  reg.active.postMessage({ type: "sync" }, [c.port2]);
}))"""


# wait_for_function does not await a promise (an async predicate is always truthy):
# this runs the async check in the page and polls its last answer.
UNTIL = """([js, arg]) => {
  const w = (window.__waits = window.__waits || {}), k = js + JSON.stringify(arg ?? null);
  if (w[k] === true) { delete w[k]; return true; }
  if (w[k] !== "busy") {
    w[k] = "busy";
    Promise.resolve(eval("(" + js + ")")(arg)).then((v) => { w[k] = !!v; }, () => { w[k] = false; });
  }
  return false;
}"""
NO_PERSONAL_CACHE = "async () => !(await caches.keys()).some((name) => name.startsWith('lms-u-'))"
QUEUE_EMPTY = f"async () => ({QUEUE})().then((q) => q.length === 0)"


def wait_until(page, js, arg=None):
    """Wait until the async JavaScript function ``js`` resolves to a truthy value."""
    page.wait_for_function(UNTIL, arg=[js, arg])


def wait_kept(page, path):
    wait_until(page, IN_CACHE, path)


def test_opened_lessons_can_be_read_again_without_a_signal(live_server, page, context, login_browser):
    built = learning_course(modules=1, lessons_per_module=3)
    learner = login_browser(UserFactory())
    services.enrollment_create(user=learner, course=built.course)
    first, second, _unopened = built.lessons

    page.goto(live_server.url + first.url)
    page.wait_for_function(CONTROLLED)
    wait_kept(page, first.url)  # opened before the worker started: kept when it did
    page.goto(live_server.url + second.url)
    wait_kept(page, second.url)

    context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text(second.title)
    expect(page.get_by_text("ไม่มีสัญญาณ: คุณกำลังอ่านหน้าที่เก็บไว้ในเครื่อง")).to_be_visible()
    page.goto(live_server.url + first.url)
    expect(page.locator(".lesson-body")).to_contain_text("เนื้อหาบทเรียน")

    # A page never opened: the Thai offline page, listing what is saved.
    page.goto(live_server.url + _unopened.url)
    expect(page.locator("h1")).to_have_text("ตอนนี้ไม่มีสัญญาณ")
    saved = page.locator("#offline-saved a")
    expect(saved.filter(has_text=first.title)).to_have_attribute("href", first.url)
    expect(saved.filter(has_text=second.title)).to_be_visible()


def test_a_saved_course_is_read_offline_with_its_images_and_without_its_video(
    live_server, page, context, login_browser
):
    image = make_image(width=1600, height=900)
    built = build_course(modules=2, lessons_per_module=2, lesson_body=lambda: every_block_body(image=image))
    login_browser(UserFactory())
    page.set_viewport_size({"width": 390, "height": 844})
    page.route("https://**/*", lambda route: route.abort())  # the sandbox has no internet
    page.goto(live_server.url + built.course.url)
    page.wait_for_function(CONTROLLED)

    button = page.get_by_role("button", name="เก็บไว้อ่านตอนไม่มีเน็ต")
    expect(button).to_contain_text("MB")  # the size, before anything is downloaded
    button.click()
    # Many downloads: a loaded machine may need more than the default 5 s.
    expect(page.get_by_text("เก็บแล้ว: อ่านหลักสูตรนี้ได้แม้ไม่มีสัญญาณ")).to_be_visible(timeout=60_000)
    expect(page.locator(".offline-mark")).to_be_visible()
    expect(page.locator(".lesson-list a.is-saved")).to_have_count(4)

    context.set_offline(True)
    last = built.lessons[-1]  # never opened
    page.goto(live_server.url + last.url)
    expect(page.locator("h1")).to_have_text(last.title)
    figure = page.locator(".block-image img").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    expect(page.get_by_text("วิดีโอไม่ได้เก็บไว้ในเครื่อง ดูวิดีโอนี้ได้เมื่อมีสัญญาณ")).to_be_visible()
    expect(page.locator(".video-facade")).to_be_hidden()


def test_actions_made_offline_are_stored_once_when_the_signal_returns(
    live_server, page, context, login_browser
):
    built = learning_course(modules=1, lessons_per_module=3, quiz_lessons=(2,))
    learner = login_browser(UserFactory())
    services.enrollment_create(user=learner, course=built.course)
    first, second, quiz = built.lessons
    page.goto(live_server.url + first.url)
    page.wait_for_function(CONTROLLED)
    for lesson in built.lessons:
        page.goto(live_server.url + lesson.url)
        wait_kept(page, lesson.url)

    context.set_offline(True)
    for lesson in (first, second):
        page.goto(live_server.url + lesson.url)
        page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()
        expect(page.locator(".offline-pending")).to_have_text("บันทึกไว้ในเครื่อง จะส่งเมื่อมีสัญญาณ")
    page.goto(live_server.url + quiz.url)
    for question in page.locator(".quiz-question").all():
        question.get_by_label("คำตอบที่ถูก").check()
    page.get_by_role("button", name="ส่งคำตอบ").click()
    expect(page.locator(".offline-pending")).to_be_visible()
    expect(page.locator("#offline-status")).to_contain_text("(3)")

    queued = page.evaluate(QUEUE)
    assert sorted(item["kind"] for item in queued) == ["done", "done", "quiz"]
    assert len({item["key"] for item in queued}) == 3
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    assert not QuizAttempt.objects.exists()

    context.set_offline(False)  # the page sends the queue when the signal returns
    # The first try often meets the network still down; the page tries again (1 s, 2 s …).
    expect(page.locator("#offline-status")).to_contain_text(
        f"ส่งคำตอบแบบทดสอบ “{quiz.title}” แล้ว ได้ 100% ผ่านแล้ว", timeout=30_000
    )
    expect(
        page.get_by_role("link", name=f"คุณเรียนจบหลักสูตร “{built.course.title}” แล้ว", exact=False)
    ).to_be_visible()
    wait_until(page, QUEUE_EMPTY)

    # The same actions sent again (a second sync of the same queue) change nothing.
    page.evaluate(REQUEUE, queued)
    page.evaluate(SYNC)
    page.evaluate(SYNC)
    assert page.evaluate(QUEUE) == []
    done = LessonProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert sorted(done.values_list("lesson_id", flat=True)) == sorted([first.pk, second.pk, quiz.pk])
    attempt = QuizAttempt.objects.get(user=learner)
    assert attempt.submission_key == next(i["key"] for i in queued if i["kind"] == "quiz")
    assert attempt.passed


def personal_caches(page):
    return {name: paths for name, paths in page.evaluate(CACHE_PATHS).items() if name.startswith("lms-u-")}


def test_logging_out_leaves_no_personal_page_or_queued_action(live_server, page, context, login_browser):
    built = learning_course(modules=1, lessons_per_module=2)
    learner = login_browser(UserFactory())
    services.enrollment_create(user=learner, course=built.course)
    page.goto(live_server.url + built.lessons[0].url)
    page.wait_for_function(CONTROLLED)
    for path in ("/my-courses/", built.lessons[1].url):
        page.goto(live_server.url + path)
        wait_kept(page, path)
    context.set_offline(True)
    page.goto(live_server.url + built.lessons[0].url)
    page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()
    expect(page.locator(".offline-pending")).to_be_visible()
    assert "/my-courses/" in sum(personal_caches(page).values(), [])
    assert len(page.evaluate(QUEUE)) == 1
    context.set_offline(False)
    wait_until(page, QUEUE_EMPTY)  # sent when the signal returned

    context.set_offline(True)
    page.goto(live_server.url + built.lessons[1].url)
    page.get_by_role("button", name="เรียนจบบทนี้แล้ว").click()
    expect(page.locator(".offline-pending")).to_be_visible()
    context.set_offline(False)
    # Logging out straight away: the queued action goes with the learner's pages.
    page.route("**/learn/offline/**", lambda route: route.abort())
    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="เข้าสู่ระบบ").first).to_be_visible()
    assert personal_caches(page) == {}
    assert page.evaluate(QUEUE) == []


def test_the_idle_timeout_forgets_the_learners_pages(live_server, page, context, login_browser, settings):
    from django.contrib.sessions.models import Session

    built = learning_course(modules=1, lessons_per_module=1)
    learner = login_browser(UserFactory())
    services.enrollment_create(user=learner, course=built.course)
    page.goto(live_server.url + "/my-courses/")
    page.wait_for_function(CONTROLLED)
    page.goto(live_server.url + built.lessons[0].url)
    wait_kept(page, built.lessons[0].url)
    assert personal_caches(page)

    # The learner walked away: the server's idle timeout has passed.
    session = Session.objects.get()
    data = session.get_decoded()
    data["lms_last_activity"] = 1
    Session.objects.save(session.session_key, data, session.expire_date)
    page.goto(live_server.url + "/my-courses/")
    wait_until(page, NO_PERSONAL_CACHE)
    assert personal_caches(page) == {}
