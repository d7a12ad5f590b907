/* The step-by-step assistants of the comment moderation page ("What do I do with this comment?") and of the crisis
   page (which level is this?), styled in assistant.css. Everything they show is already in the page, written by
   the page's template (assistant_comments.md.j2, assistant_crisis.md.j2) and hidden: this script only shows one
   step at a time, and the texts to copy where they are written out further down the page. Nothing is fetched; without scripts, or on paper, the page keeps its written-out text.

   An answer button leads to the step whose id is the assistant's id, a dash and what follows `__to-` in one of the
   button's classes (the page's sanitizer keeps classes and ids, not data attributes). Focus moves to each new
   step's question or outcome, a status line tells screen readers what changed, Escape starts again. */
(function () {
  "use strict";

  var P = "playbook-assistant__";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function word(root, name) {
    var element = root.querySelector("." + P + "word-" + name);
    return element ? element.textContent : "";
  }

  function leadsTo(root, button) {
    var prefix = P + "to-";
    for (var i = 0; i < button.classList.length; i++) {
      if (button.classList[i].indexOf(prefix) === 0) {
        return document.getElementById(root.id + "-" + button.classList[i].slice(prefix.length));
      }
    }
    return null;
  }

  /* The text of a block as it reads, without its line breaks inside paragraphs. */
  function plainText(element) {
    return element.innerText.replace(/[ \t]*\n(?!\n)[ \t]*/g, " ").replace(/\n{3,}/g, "\n\n").trim();
  }

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    area.remove();
    return done;
  }

  /* A reply template or holding statement: the text written out further down the page (the quote that follows the
     heading named in the placeholder's `__from-ID` class, before the next heading), shown here too. */
  function fillTexts(root) {
    var prefix = P + "from-";
    all(root, "." + P + "text").forEach(function (placeholder) {
      var name = Array.prototype.filter.call(placeholder.classList, function (each) {
        return each.indexOf(prefix) === 0;
      })[0];
      var source = name && document.getElementById(name.slice(prefix.length));
      do {
        source = source && source.nextElementSibling;
      } while (source && !source.classList.contains("admonition") && !/^H[1-6]$/.test(source.tagName));
      if (!source || !source.classList.contains("admonition") || root.contains(source)) {
        placeholder.closest("." + P + "copyable").hidden = true;
        return;
      }
      Array.prototype.forEach.call(source.children, function (child) {
        if (!child.classList.contains("admonition-title")) {
          placeholder.appendChild(child.cloneNode(true));
        }
      });
      all(placeholder, "[id]").forEach(function (element) { element.removeAttribute("id"); });
    });
  }

  /* Keep a step in view below the theme's sticky header, high enough for what follows it to show. */
  function bringIntoView(step) {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var box = step.getBoundingClientRect();
    if (box.top < top + 8 || box.top > window.innerHeight * 0.4) {  /* low on the screen: up under the header */
      window.scrollBy({ top: box.top - top - 16, behavior: "instant" });
    }
  }

  function setUp(root) {
    var steps = all(root, "." + P + "step");
    var start = root.querySelector("." + P + "step--start") || steps[0];
    if (!start) {
      return;
    }
    fillTexts(root);
    var shared = root.querySelector("." + P + "shared");
    var status = root.querySelector("." + P + "status");
    var back = root.querySelector("." + P + "back");
    var restart = root.querySelector("." + P + "restart");
    var path = root.querySelector("." + P + "path");
    var answers = path ? path.querySelector("ol") : null;
    var history = [];  /* the steps answered, each with the answer given */
    var current = null;

    function announce(text) {
      if (status) {
        status.textContent = text.replace(/\s+/g, " ").trim();
      }
    }

    function focusText(step) {
      var element = step.querySelector("." + P + "focus");
      return element ? element.textContent : "";
    }

    function showPath() {
      if (!answers) {
        return;
      }
      answers.textContent = "";
      history.forEach(function (entry) {
        var item = document.createElement("li");
        var question = document.createElement("span");
        question.textContent = focusText(entry.step).replace(/\s+/g, " ").trim();
        var answer = document.createElement("strong");
        answer.textContent = entry.answer;
        item.appendChild(question);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(answer);
        answers.appendChild(item);
      });
      path.hidden = history.length === 0;
    }

    function show(step, moveFocus) {
      current = step;
      steps.forEach(function (each) { each.hidden = each !== step; });
      var slot = step.querySelector("." + P + "slot");
      if (shared) {
        if (slot) {
          slot.appendChild(shared);
        }
        shared.hidden = !slot;
      }
      var count = step.querySelector("." + P + "count");
      var isQuestion = step.classList.contains(P + "question");
      if (isQuestion && count) {
        count.textContent = word(root, "question") + " " + (history.length + 1);
      }
      back.disabled = history.length === 0;
      restart.disabled = history.length === 0;
      showPath();
      if (moveFocus) {
        var target = step.querySelector("." + P + "focus") || step;
        target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: true });
        bringIntoView(step);
        announce((count ? count.textContent + " : " : "") + (isQuestion ? "" : focusText(step)));
      }
    }

    function choose(button) {
      all(shared, "." + P + "choice").forEach(function (each) {
        each.setAttribute("aria-pressed", each === button ? "true" : "false");
      });
      var detail = null;
      all(shared, "." + P + "detail").forEach(function (each) {
        each.hidden = each.id !== button.id + "-detail";
        if (!each.hidden) {
          detail = each;
        }
      });
      if (detail) {
        var first = detail.querySelector("li, p") || detail;
        announce(button.textContent + " : " + first.textContent);
      }
    }

    function flash(button, text) {
      if (!button.dataset.label) {
        button.dataset.label = button.textContent;
      }
      button.textContent = text;
      window.clearTimeout(Number(button.dataset.timer || 0));
      button.dataset.timer = String(window.setTimeout(function () {
        button.textContent = button.dataset.label;
      }, 2500));
    }

    function copy(button) {
      var box = button.closest("." + P + "copyable");
      var source = box && box.querySelector("." + P + "text");
      if (!source) {
        return;
      }
      var text = plainText(source);
      var done = function () {
        flash(button, "✓ " + word(root, "copied"));
        announce(word(root, "copied"));
      };
      var failed = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        announce(word(root, "copy-failed"));
        flash(button, word(root, "copy-failed"));
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {
          if (copyByHand(text)) {
            done();
          } else {
            failed();
          }
        });
      } else if (copyByHand(text)) {
        done();
      } else {
        failed();
      }
    }

    function again() {
      history = [];
      show(start, true);
    }

    root.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !root.contains(button)) {
        return;
      }
      if (button.classList.contains(P + "answer")) {
        var next = leadsTo(root, button);
        if (next) {
          history.push({ step: current, answer: button.textContent });
          show(next, true);
        }
      } else if (button === back && history.length) {
        show(history.pop().step, true);
      } else if (button === restart) {
        again();
      } else if (button.classList.contains(P + "choice")) {
        choose(button);
      } else if (button.classList.contains(P + "copy")) {
        copy(button);
      }
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && history.length) {
        event.preventDefault();
        again();
      }
    });

    if (shared) {
      all(shared, "." + P + "choice").forEach(function (each) { each.setAttribute("aria-pressed", "false"); });
    }
    restart.setAttribute("aria-keyshortcuts", "Escape");
    root.hidden = false;
    show(start, false);
  }

  function startAll() {
    all(document, ".playbook-assistant").forEach(function (root) {
      if (!root.dataset.started) {
        root.dataset.started = "1";
        setUp(root);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
