/* Focus and announcements for keyboard and screen-reader users (issue 15).
 *
 * When htmx replaces part of a page, the element that had the focus may be gone, and a screen reader does not
 * notice that anything changed. So, after every htmx swap:
 * - the change the user asked for (a click, Enter or Space, a submitted form) takes the focus to the new content:
 *   the element marked data-focus-after-swap, else its first heading, else the updated element itself; a field
 *   the user is typing in (search as you type) keeps the focus;
 * - a change the user did not ask for (polling, hx-trigger="load") leaves the focus where it is, and only puts it
 *   back in the same place when the element that had it was replaced;
 * - the change is read out through the page's aria-live region (#aankondiging in base.html): the new content's
 *   data-announce, else its status or alert messages (or other live text), else its first heading. A failed
 *   request is read out with the region's data-error-text, at once (assertive).
 */
(function () {
  "use strict";

  var TYPING = /^(INPUT|TEXTAREA)$/;
  var before = null; // where the focus was when the swap began

  function region() {
    return document.getElementById("aankondiging");
  }

  // Emptying first and writing a moment later makes screen readers read a repeated message again.
  function announce(text, urgent) {
    var live = region();
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!live || !text) {
      return;
    }
    live.setAttribute("aria-live", urgent ? "assertive" : "polite");
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function focusOn(element) {
    if (!element) {
      return;
    }
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1"); // focusable by script only: Tab does not stop on it
    }
    element.focus();
  }

  function messageOf(content) {
    var marked = content.matches("[data-announce]") ? content : content.querySelector("[data-announce]");
    if (marked) {
      return marked.getAttribute("data-announce");
    }
    var said = '[role="status"], [role="alert"], [aria-live]';
    var messages = content.matches(said) ? [content] : Array.prototype.slice.call(content.querySelectorAll(said));
    if (messages.length) {
      return messages
        .map(function (message) {
          return message.textContent;
        })
        .join(" ");
    }
    var heading = content.matches("h1, h2, h3, h4, h5, h6") ? content : content.querySelector("h1, h2, h3, h4, h5, h6");
    return heading ? heading.textContent : "";
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var config = event.detail.requestConfig || {};
    var trigger = config.triggeringEvent;
    before = {
      xhr: event.detail.xhr,
      element: active,
      id: active && active.id,
      inside: !!(active && event.detail.target && event.detail.target.contains(active)),
      byUser: !!(trigger && trigger.isTrusted),
      // Search as you type keeps the field; a form she submits with Enter takes her to its result.
      typing: !!(active && TYPING.test(active.tagName) && !/^(checkbox|radio|submit)$/.test(active.type)
        && !(trigger && trigger.type === "submit")),
    };
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    // htmx settles each new top-level element of an outerHTML swap: act once per response.
    if (!before || before.xhr !== event.detail.xhr) {
      return;
    }
    var was = before;
    before = null;
    var content = event.target;
    if (!content.isConnected) {
      content = event.detail.target && event.detail.target.isConnected ? event.detail.target : null;
    }
    if (!content) {
      return;
    }
    var lost = !was.element || !was.element.isConnected;
    if (was.byUser && !(was.typing && !lost)) {
      focusOn(
        content.querySelector("[data-focus-after-swap]") ||
          (content.matches("[data-focus-after-swap]") && content) ||
          content.querySelector("h1, h2, h3, h4, h5, h6") ||
          content
      );
    } else if (was.inside && lost) {
      focusOn((was.id && document.getElementById(was.id)) || content);
    }
    announce(messageOf(content), false);
  });

  function failed() {
    var live = region();
    announce(live && live.getAttribute("data-error-text"), true);
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
})();
