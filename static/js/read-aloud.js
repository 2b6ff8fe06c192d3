/* "ฟังบทเรียน" (templates/courses/includes/read_aloud.html): the lesson read aloud.
 *
 * With a Thai voice on the device, speech synthesis reads the lesson one sentence at a
 * time - the title, every <span data-s="N"> the server wrapped (courses/readaloud.py),
 * then the quiz questions - and highlights the sentence it is reading. Without one, the
 * button plays the trainer's recording (<audio>) if the lesson has one; with neither the
 * box stays hidden. One utterance at a time rather than a queue: the highlight follows
 * the engine's own "end" events, and pause or stop never leaves speech behind.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  if (!box) return;
  var toggle = box.querySelector(".read-aloud-toggle");
  var stopper = box.querySelector(".read-aloud-stop");
  var status = box.querySelector(".read-aloud-status");
  var audio = box.querySelector("audio");
  var synth = window.speechSynthesis;
  var speechOk = !!(synth && window.SpeechSynthesisUtterance);
  var voice = null;
  var mode = ""; // "speech" or "audio", once we know what this device can do
  var state = "idle"; // "idle", "playing" or "paused"
  var sentences = null; // [{key, nodes, text}], gathered when first needed
  var current = -1;
  var run = 0; // bumped whenever speech is cut short: older utterances' events are ignored
  var utterance = null; // held, or some browsers collect it before it says "end"

  function thaiVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang || "").toLowerCase().replace("_", "-");
      if (lang === "th" || lang.indexOf("th-") === 0) return voices[i];
    }
    return null;
  }

  function choose() {
    if (state !== "idle") return; // never switch in the middle of reading
    voice = speechOk ? thaiVoice() : null;
    mode = voice ? "speech" : audio ? "audio" : "";
    toggle.hidden = !mode;
    box.hidden = !mode && !audio;
  }

  function gather() {
    var list = [];
    var last = null;
    var nodes = document.querySelectorAll(
      ".lesson h1, .lesson-body [data-s], .quiz-form legend, .quiz-form .quiz-choice"
    );
    for (var i = 0; i < nodes.length; i++) {
      var key = nodes[i].getAttribute("data-s");
      if (key !== null && last && last.key === key) {
        last.nodes.push(nodes[i]); // one sentence across <b> or <a>
      } else {
        last = { key: key, nodes: [nodes[i]] };
        list.push(last);
      }
    }
    return list.filter(function (s) {
      s.text = s.nodes.map(function (n) { return n.textContent; }).join("").replace(/\s+/g, " ").trim();
      return s.text;
    });
  }

  function mark(index) {
    var old = document.querySelectorAll(".is-reading");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("is-reading");
    var s = sentences && sentences[index];
    if (!s) return;
    s.nodes.forEach(function (n) { n.classList.add("is-reading"); });
    var rect = s.nodes[0].getBoundingClientRect();
    if (rect.top < box.getBoundingClientRect().bottom || rect.bottom > window.innerHeight) {
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      s.nodes[0].scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }
  }

  function setState(next) {
    state = next;
    toggle.setAttribute("aria-pressed", next === "playing" ? "true" : "false");
    stopper.hidden = next === "idle";
    box.classList.toggle("is-active", next !== "idle");
    status.textContent = next === "idle" ? "" : box.getAttribute("data-" + (next === "playing" ? "reading" : "paused"));
  }

  function hush() {
    run++;
    synth.cancel();
    if (synth.paused) synth.resume(); // else some engines stay paused for the next utterance
  }

  function speak(index) {
    var token = ++run;
    if (!sentences[index]) return stop(); // the end of the lesson
    current = index;
    mark(index);
    utterance = new window.SpeechSynthesisUtterance(sentences[index].text);
    utterance.lang = "th-TH";
    utterance.voice = voice;
    utterance.onend = function () {
      if (token === run && state === "playing") speak(index + 1);
    };
    utterance.onerror = function (event) {
      if (token === run && state === "playing" && !/interrupted|canceled/.test(event.error)) speak(index + 1);
    };
    synth.speak(utterance);
  }

  function stop() {
    var refocus = document.activeElement === stopper; // it is about to be hidden
    if (mode === "speech") hush();
    if (audio && mode === "audio") {
      audio.pause();
      audio.currentTime = 0;
    }
    current = -1;
    mark(-1);
    setState("idle");
    if (refocus) toggle.focus();
  }

  function readFrom(index) {
    if (audio) audio.pause();
    hush();
    setState("playing");
    speak(index);
  }

  toggle.addEventListener("click", function () {
    if (mode === "audio") {
      var playing = audio.paused ? audio.play() : audio.pause();
      if (playing && playing.catch) playing.catch(function () {});
    } else if (state === "playing") {
      setState("paused");
      synth.pause();
      var token = run;
      setTimeout(function () {
        // Some engines (Android) cannot pause: stop, and say the sentence again on resume.
        if (state === "paused" && token === run && !synth.paused) hush();
      }, 300);
    } else if (state === "paused") {
      setState("playing");
      if (synth.paused && synth.speaking) synth.resume();
      else speak(current);
    } else {
      sentences = sentences || gather();
      readFrom(0);
    }
  });

  stopper.addEventListener("click", function () {
    stopper.focus(); // Safari does not focus a tapped button; stop() hands focus back
    stop();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && state !== "idle") stop();
  });

  // While reading, a tap on a sentence reads on from there.
  document.addEventListener("click", function (event) {
    var node = mode === "speech" && state !== "idle" && event.target.closest && event.target.closest("[data-s]");
    if (!node || event.target.closest("a, button, input, label")) return;
    for (var i = 0; i < sentences.length; i++) {
      if (sentences[i].nodes.indexOf(node) >= 0) return readFrom(i);
    }
  });

  if (audio) {
    audio.addEventListener("play", function () {
      if (mode === "speech" && state !== "idle") stop(); // the learner chose the recording
      if (mode === "audio") setState("playing");
    });
    audio.addEventListener("pause", function () {
      if (mode === "audio" && state === "playing") setState(audio.ended ? "idle" : "paused");
    });
    audio.addEventListener("ended", function () {
      if (mode === "audio") setState("idle");
    });
  }

  if (speechOk) {
    // Chrome loads its voices after the page: look again when they come.
    if (synth.addEventListener) synth.addEventListener("voiceschanged", choose);
    else synth.onvoiceschanged = choose;
    window.addEventListener("pagehide", function () {
      if (state !== "idle") hush();
    });
  }
  choose();
})();
