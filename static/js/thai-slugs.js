/* Page slugs keep Thai vowels and tone marks (cms_content/slugs.py says why).
 *
 * Wagtail's "w-slug" Stimulus controller builds the slug from the title with
 * /[^-_\p{L}\p{N}\s]/gu, which drops combining marks (\p{M}): the lesson
 * "ตั้งเสียงเรียกเข้าและโหมดเงียบ" got "ตงเสยงเรยกเขาและโหมดเงยบ". When unicode slugs are
 * allowed, its slugify and urlify here keep \p{M} as well and do the same as the
 * server's cms_content.slugs.slugify. Loaded on every admin page by cms_content's
 * wagtail_hooks; the controller class is patched once, before or after it connects.
 */
(function () {
  "use strict";

  function thaiSlug(value) {
    return value
      .normalize("NFC")
      .toLowerCase()
      .replace(/[^-_\p{L}\p{M}\p{N}\s]/gu, "")
      .trim()
      .replace(/[-\s]+/g, "-")
      .substring(0, 255)
      .replace(/^[-_]+|[-_]+$/g, "");
  }

  function keepMarks(original, action) {
    return function (event, options) {
      if (!this.allowUnicodeValue) {
        return original.call(this, event, options);
      }
      var opts = options || {};
      var ignoreUpdate = Boolean(opts.ignoreUpdate);
      var runFormat = "runFormat" in opts ? opts.runFormat : !ignoreUpdate;
      var detail = (event && event.detail) || {};
      var source = "value" in detail ? detail.value : this.element.value;
      var prepared = this.prepareValue(source, { runFormat: runFormat });
      if (!prepared) return "";
      var clean = thaiSlug(prepared);
      if (!ignoreUpdate) this.applyUpdate(action, clean, source);
      return clean;
    };
  }

  function patch() {
    var app = window.wagtail && window.wagtail.app;
    var element = document.querySelector('[data-controller~="w-slug"]');
    if (!app || !element) return false;
    var controller = app.getControllerForElementAndIdentifier(element, "w-slug");
    if (!controller) return false;
    var proto = Object.getPrototypeOf(controller);
    if (!proto.__keepsMarks) {
      proto.slugify = keepMarks(proto.slugify, "slugify");
      proto.urlify = keepMarks(proto.urlify, "urlify");
      proto.__keepsMarks = true;
    }
    return true;
  }

  function start() {
    if (patch()) return;
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      if (patch() || tries > 50) window.clearInterval(timer);
    }, 100);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
