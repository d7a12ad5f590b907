/* Checklists that remember: ticked boxes are kept in the browser, one record for the whole charter (all
   its versions: a box's key is a hash of its checklist and its text, so a box whose text did not change
   stays ticked in the next release). A box of the onboarding path that stands for a checklist counts that
   checklist's boxes, ticked on its network's page ("2 / 5"), and is ticked when all are. A counter shows
   the page's progress ("7 / 23") with a button that unticks the page's boxes. Also names a few controls
   of the theme that assistive technologies would otherwise announce without a name. A line of a checklist ticks
   its box wherever its text is tapped. */
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }

  /* the charter's folder, above the versions' folders: each charter, and each language of it, its own record */
  var storageKey = "playbook:" + new URL((meta("playbook-store") || ".") + "/", window.location.href).pathname;
  var page = meta("playbook-page");

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
      return state && typeof state === "object" ? state : {};
    } catch (error) {
      return {};
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (error) {
      /* storage refused (private mode): the boxes still tick, they are just not remembered */
    }
  }

  /* the keys a box stands for: its own, or those of the checklist it counts; a box written in a free page
     is kept for its page only */
  function keys(box) {
    if (box.dataset.items) {
      return box.dataset.items.split(" ").filter(Boolean);
    }
    return [box.classList.contains("playbook-local") ? page + "#" + box.dataset.item : box.dataset.item];
  }

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll(
      "article input[type=checkbox][data-item], article input[type=checkbox][data-items]"));
  }

  /* each box as the record has it; a box standing for a checklist shows how many of its boxes are ticked */
  function show() {
    var state = load();
    var all = boxes();
    var done = 0;
    all.forEach(function (box) {
      var own = keys(box);
      var ticked = own.filter(function (key) { return state[key]; }).length;
      box.checked = ticked === own.length;
      box.indeterminate = ticked > 0 && ticked < own.length;
      done += box.checked ? 1 : 0;
      var count = box.dataset.items && box.closest("li").querySelector(".playbook-steps");
      if (count) {
        count.hidden = false;
        count.textContent = "(" + ticked + " / " + own.length + ")";
      }
    });
    document.querySelectorAll(".playbook-progress").forEach(function (widget) {
      widget.hidden = false;
      widget.querySelector(".playbook-progress__count").textContent = done + " / " + all.length;
      var bar = widget.querySelector("progress");
      if (bar) {
        bar.max = all.length;
        bar.value = done;
      }
    });
  }

  function mark(list, ticked) {
    var state = load();
    list.forEach(function (box) {
      keys(box).forEach(function (key) {
        if (ticked) {
          state[key] = true;
        } else {
          delete state[key];
        }
      });
    });
    save(state);
    show();
  }

  /* A checklist line ticks its box wherever its text is tapped, not only on the small box; a link, a glossary term
     or another control in the line keeps its own use, and text being selected ticks nothing. */
  function tickLine(box) {
    var line = box.closest("li");
    if (!line) {
      return;
    }
    line.classList.add("playbook-tick-line");
    line.addEventListener("click", function (event) {
      var target = event.target;
      if (target.closest("li") !== line || target.closest("a, abbr, button, input, label, select, textarea, summary") ||
          String(window.getSelection ? window.getSelection() : "")) {
        return;
      }
      box.click();
    });
  }

  function start() {
    boxes().forEach(function (box) {
      box.addEventListener("change", function () { mark([box], box.checked); });
      tickLine(box);
    });
    document.querySelectorAll(".playbook-reset").forEach(function (button) {
      button.addEventListener("click", function () { mark(boxes(), false); });
    });
    show();
    /* ticked in another tab */
    window.addEventListener("storage", function (event) {
      if (event.key === storageKey) {
        show();
      }
    });
    /* coming back to the page: from the browser's cache, or with the boxes as the browser restores a form's */
    window.addEventListener("pageshow", show);

    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.getAttribute("aria-label")) {
      search.setAttribute("aria-label", meta("playbook-search-label"));
    }
    document.querySelectorAll("input.md-toggle").forEach(function (toggle) {
      if (!document.querySelector('label[for="' + toggle.id + '"]') && !toggle.getAttribute("aria-label")) {
        toggle.setAttribute("aria-label", meta("playbook-search-label"));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
