"""Read-aloud in Chromium: the "ฟังบทเรียน" button, the sentence order, pause and resume,
the highlight, and the trainer's recording as the fallback.

Headless Chromium has no Thai voice. ``FAKE_SPEECH`` stands in for the browser's Web Speech
API (``speechSynthesis`` and ``SpeechSynthesisUtterance``), installed before the page's own
scripts run: it records what it is asked to say, says one utterance at a time, fires
``start``/``boundary``/``end`` like a real engine, and lets the test decide when the voices
have loaded and when an utterance has been spoken. Our script runs unchanged.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_learner_journey import assert_accessible
from tests.factories import build_course
from tests.factories.readaloud import make_recording, reading_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
THAI = {"name": "Thai (Thailand)", "lang": "th-TH"}
ENGLISH = {"name": "English (US)", "lang": "en-US"}

FAKE_SPEECH = """
(voices) => {
  const log = (window.__speech = { spoken: [], calls: [], current: null });
  let loaded = false;
  let queue = [];
  class Utterance extends EventTarget {
    constructor(text) {
      super();
      Object.assign(this, { text, lang: "", voice: null, rate: 1, pitch: 1, volume: 1 });
    }
  }
  const synth = new EventTarget();
  const fire = (target, type, extra) => {
    const event = Object.assign(new Event(type), extra || {});
    target.dispatchEvent(event);
    if (typeof target["on" + type] === "function") target["on" + type](event);
  };
  const next = () => {
    const u = queue.shift() || null;
    log.current = u;
    synth.speaking = !!u;
    if (u) {
      log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
      fire(u, "start", { utterance: u, charIndex: 0 });
      fire(u, "boundary", { utterance: u, charIndex: 0, name: "word" });
    }
  };
  Object.assign(synth, {
    speaking: false, paused: false, pending: false,
    getVoices: () => (loaded ? voices.slice() : []),
    speak(u) { log.calls.push("speak"); queue.push(u); if (!log.current) next(); },
    cancel() {
      log.calls.push("cancel");
      const u = log.current;
      queue = []; log.current = null; synth.speaking = false; synth.paused = false;
      if (u) fire(u, "error", { utterance: u, error: "interrupted" });
    },
    pause() { log.calls.push("pause"); if (log.current) synth.paused = true; },
    resume() { log.calls.push("resume"); synth.paused = false; },
  });
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
  // The test's hands: voices arrive late (as in Chrome); an utterance ends when told.
  window.__loadVoices = () => { loaded = true; fire(synth, "voiceschanged"); };
  window.__finishUtterance = () => {
    const u = log.current;
    if (!u || synth.paused) return false;
    log.current = null; synth.speaking = false;
    fire(u, "boundary", { utterance: u, charIndex: u.text.length, name: "sentence" });
    fire(u, "end", { utterance: u, charIndex: u.text.length });
    if (!log.current) next();
    return true;
  };
}
"""

# What a visitor hears, in order: the title, the text, the video's title, the steps, the
# warning, then the quiz question and its choices (never which one is right).
EXPECTED_ORDER = [
    "บทเรียน 1.1",
    "เปิดเครื่อง",
    "กด ปุ่มด้านข้าง ค้างไว้ประมาณ 3 วินาที",
    "ปลดล็อก",
    "เล่นวิดีโอ: วิธีเปิดเครื่อง",
    "เชื่อมต่อ Wi-Fi",
    "เปิดแอป ตั้งค่า",
    "แตะ Wi-Fi แล้วเลือกชื่อเครือข่ายของศูนย์",
    "คำเตือน",
    "อย่าบอกรหัส OTP กับใคร",
    "รหัส OTP ควรบอกใครได้บ้าง",
    "คนที่โทรมา",
    "ไม่บอกใครเลย",
]


def fake_speech(page, voices):
    page.add_init_script(script=f"({FAKE_SPEECH})({json.dumps(voices)})")


def open_lesson(live_server, page, lesson, *, voices=(THAI, ENGLISH), load_voices=True):
    fake_speech(page, list(voices))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + lesson.url)
    page.wait_for_load_state("load")
    if load_voices:
        page.evaluate("__loadVoices()")


def spoken(page) -> list[str]:
    return page.evaluate("__speech.spoken.map(u => u.text)")


def highlighted(page) -> str:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.is-reading')).map(n => n.textContent).join('')"
        ".replace(/\\s+/g, ' ').trim()"
    )


def finish(page) -> bool:
    return page.evaluate("__finishUtterance()")


@pytest.fixture
def lesson():
    return build_course(modules=1, lessons_per_module=1, lesson_body=reading_body).lessons[0]


def test_button_appears_once_a_thai_voice_loads_and_reads_the_lesson_in_order(live_server, page, lesson):
    open_lesson(live_server, page, lesson, load_voices=False)
    listen = page.get_by_role("button", name="ฟังบทเรียน")
    expect(listen).to_be_hidden()  # no voice yet: no dead button

    page.evaluate("__loadVoices()")
    expect(listen).to_be_visible()
    expect(listen).to_have_attribute("aria-pressed", "false")
    listen.click()
    expect(listen).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text("กำลังอ่านบทเรียนให้ฟัง แตะปุ่มอีกครั้งเพื่อหยุดชั่วคราว")
    for _ in range(60):
        if not finish(page):
            break

    texts = spoken(page)
    positions = [next(i for i, text in enumerate(texts) if part in text) for part in EXPECTED_ORDER]
    assert positions == sorted(positions), texts
    assert not any("ถูก" in text for text in texts[-2:])  # the right answer is never said
    assert {(u["lang"], u["voice"]) for u in page.evaluate("__speech.spoken")} == {("th-TH", THAI["name"])}
    # The end of the lesson: the button is back, nothing is highlighted.
    expect(listen).to_have_attribute("aria-pressed", "false")
    assert highlighted(page) == ""


def test_pause_and_resume_go_to_the_speech_engine_and_the_highlight_is_the_sentence_spoken(
    live_server, page, lesson
):
    open_lesson(live_server, page, lesson)
    listen = page.get_by_role("button", name="ฟังบทเรียน")
    listen.focus()
    page.keyboard.press("Enter")  # the keyboard works as well as a tap
    finish(page)
    finish(page)
    current = spoken(page)[-1]
    assert highlighted(page) == current and "ปุ่มด้านข้าง" in current
    bold = page.locator(".is-reading", has_text="ปุ่มด้านข้าง")
    expect(bold).to_have_css("background-color", "rgb(255, 240, 160)")

    listen.click()
    assert page.evaluate("__speech.calls").count("pause") == 1
    expect(listen).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("status")).to_have_text("หยุดชั่วคราว แตะ “ฟังบทเรียน” เพื่อฟังต่อ")
    page.wait_for_timeout(500)  # longer than the script's check that the engine really paused
    assert highlighted(page) == current and len(spoken(page)) == 3  # nothing new while paused

    listen.click()
    assert page.evaluate("__speech.calls").count("resume") == 1
    expect(listen).to_have_attribute("aria-pressed", "true")
    assert len(spoken(page)) == 3  # the same sentence goes on, not said again
    finish(page)
    assert highlighted(page) == spoken(page)[-1] != current

    stop = page.get_by_role("button", name="หยุดอ่าน")
    stop.click()
    assert "cancel" in page.evaluate("__speech.calls")
    expect(listen).to_have_attribute("aria-pressed", "false")
    expect(listen).to_be_focused()
    expect(stop).to_be_hidden()
    assert highlighted(page) == ""


def test_tapping_a_sentence_while_listening_reads_on_from_there(live_server, page, lesson):
    open_lesson(live_server, page, lesson)
    page.get_by_role("button", name="ฟังบทเรียน").click()
    page.locator("[data-s]", has_text="แตะ Wi-Fi").click()
    assert "แตะ Wi-Fi" in spoken(page)[-1]
    assert highlighted(page) == spoken(page)[-1]
    finish(page)
    assert "คำเตือน" in spoken(page)[-1]

    cancels = page.evaluate("__speech.calls").count("cancel")
    page.keyboard.press("Escape")  # stops, as the stop button does
    expect(page.get_by_role("button", name="ฟังบทเรียน")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("__speech.calls").count("cancel") == cancels + 1
    assert highlighted(page) == ""


def test_the_sentence_read_is_scrolled_into_view_gently_or_at_once_for_reduced_motion(live_server, page):
    def long_body():  # several screens on a phone
        return [block for _ in range(4) for block in reading_body()]

    lesson = build_course(modules=1, lessons_per_module=1, lesson_body=long_body).lessons[0]
    page.add_init_script(
        script="""(() => {
          const original = Element.prototype.scrollIntoView;
          window.__scrolls = [];
          Element.prototype.scrollIntoView = function (options) {
            window.__scrolls.push(options && options.behavior);
            return original.call(this, options);
          };
        })()"""
    )
    open_lesson(live_server, page, lesson)
    page.get_by_role("button", name="ฟังบทเรียน").click()
    # Read on to the second copy's warning, well below the first screen.
    while (
        len(spoken(page)) < 2 or spoken(page).count(spoken(page)[-1]) < 2 or "อย่าบอก" not in spoken(page)[-1]
    ):
        assert finish(page)
    page.wait_for_timeout(800)  # a smooth scroll takes a moment
    assert page.evaluate("window.scrollY") > 800
    assert set(page.evaluate("__scrolls")) == {"smooth"}
    expect(page.locator(".is-reading").first).to_be_in_viewport()

    page.emulate_media(reduced_motion="reduce")
    page.get_by_role("button", name="หยุดอ่าน").click()
    page.evaluate("window.scrollTo(0, 0); __scrolls.length = 0")
    page.get_by_role("button", name="ฟังบทเรียน").click()
    while "อย่าบอก" not in spoken(page)[-1] or page.evaluate("window.scrollY") < 800:
        assert finish(page)
    assert set(page.evaluate("__scrolls")) == {"auto"}
    expect(page.locator(".is-reading").first).to_be_in_viewport()


def test_no_button_when_there_is_neither_a_thai_voice_nor_a_recording(live_server, page, lesson):
    open_lesson(live_server, page, lesson, voices=(ENGLISH,))
    page.wait_for_timeout(300)
    expect(page.locator("[data-read-aloud]")).to_be_hidden()
    expect(page.get_by_role("button", name="ฟังบทเรียน")).to_have_count(0)  # hidden: not in the a11y tree
    expect(page.locator(".read-aloud-toggle")).to_be_hidden()


def _lesson_with_recording():
    lesson = build_course(modules=1, lessons_per_module=1, lesson_body=reading_body).lessons[0]
    lesson.read_aloud_audio = make_recording()
    lesson.save_revision().publish()
    return lesson


def test_without_a_thai_voice_the_button_plays_the_trainers_recording(live_server, page):
    lesson = _lesson_with_recording()
    open_lesson(live_server, page, lesson, voices=(ENGLISH,))
    listen = page.get_by_role("button", name="ฟังบทเรียน")
    expect(listen).to_be_visible()
    expect(page.get_by_text("เสียงอ่านบทเรียนโดยวิทยากร")).to_be_visible()

    listen.click()
    page.wait_for_function(
        "() => { const a = document.querySelector('audio'); return !a.paused && a.currentTime > 0.3; }"
    )
    expect(listen).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("__speech.spoken") == []  # the recording, not the English voice

    listen.click()
    page.wait_for_function("() => document.querySelector('audio').paused")
    expect(listen).to_have_attribute("aria-pressed", "false")
    at = page.evaluate("document.querySelector('audio').currentTime")
    page.wait_for_timeout(400)
    assert page.evaluate("document.querySelector('audio').currentTime") == at


def test_without_javascript_a_lesson_with_a_recording_shows_its_player(live_server, browser):
    lesson = _lesson_with_recording()
    context = browser.new_context(java_script_enabled=False, locale="th-TH")
    page = context.new_page()
    page.goto(live_server.url + lesson.url)
    expect(page.locator("audio[controls]")).to_be_visible()
    expect(page.get_by_text("เสียงอ่านบทเรียนโดยวิทยากร")).to_be_visible()
    expect(page.get_by_role("button", name="ฟังบทเรียน")).to_have_count(0)  # it needs the script
    context.close()


def test_lesson_page_with_read_aloud_passes_axe(live_server, page):
    lesson = _lesson_with_recording()
    open_lesson(live_server, page, lesson)
    page.get_by_role("button", name="ฟังบทเรียน").click()
    finish(page)
    expect(page.locator(".is-reading").first).to_be_visible()
    assert_accessible(page, "lesson page, reading aloud")
    html = page.content()
    assert re.search(r'<span data-s="\d+" class="is-reading">', html)


def test_an_enrolled_learner_hears_the_quiz_questions_after_the_lesson(
    live_server, page, login_browser, lesson
):
    from courses.services import enrollment_create
    from tests.factories import UserFactory

    learner = login_browser(UserFactory())
    enrollment_create(user=learner, course=lesson.get_parent().get_parent().specific)
    open_lesson(live_server, page, lesson)
    expect(page.locator(".quiz-form")).to_be_visible()  # the quiz is a form now, outside the text
    page.get_by_role("button", name="ฟังบทเรียน").click()
    while finish(page):
        pass

    texts = spoken(page)
    warning = next(i for i, text in enumerate(texts) if "อย่าบอกรหัส" in text)
    question = next(i for i, text in enumerate(texts) if "รหัส OTP ควรบอกใครได้บ้าง" in text)
    assert warning < question < texts.index("คนที่โทรมา") < texts.index("ไม่บอกใครเลย")
    assert texts[-1] == "ไม่บอกใครเลย"  # the choices, and nothing about which one is right
