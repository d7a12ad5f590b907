/* Checklists that remember: ticked boxes are kept in the browser, per version of the charter and
   per page, and a counter shows the progress ("7 / 23") with a button that clears it. Also names
   a few controls of the theme that assistive technologies would otherwise announce without a name. */
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }

  var storageKey = "playbook:" + meta("playbook-version") + ":" + meta("playbook-page");

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "{}");
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

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("article input[type=checkbox][data-item]"));
  }

  function showProgress() {
    var all = boxes();
    var done = all.filter(function (box) { return box.checked; }).length;
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

  function start() {
    var state = load();
    boxes().forEach(function (box) {
      box.checked = Boolean(state[box.dataset.item]);
      box.addEventListener("change", function () {
        var current = load();
        if (box.checked) {
          current[box.dataset.item] = true;
        } else {
          delete current[box.dataset.item];
        }
        save(current);
        showProgress();
      });
    });
    document.querySelectorAll(".playbook-reset").forEach(function (button) {
      button.addEventListener("click", function () {
        save({});
        boxes().forEach(function (box) { box.checked = false; });
        showProgress();
      });
    });
    showProgress();

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
