/* Reading aids (styled in reading.css): the version selector shows a short label on narrow screens and marks
   the version shown and the release in force. */
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  /* The selector's button: its long label (the version's title) and a short one for phones. */
  function labelButton(button) {
    var title = Array.prototype.filter.call(button.childNodes, function (node) { return node.nodeType === 3; });
    if (!title.length || button.querySelector(".playbook-version__long")) {
      return;
    }
    var text = title.map(function (node) { return node.textContent; }).join("").trim();
    title.forEach(function (node) { node.remove(); });
    button.insertBefore(span("playbook-version__short", meta("playbook-version-short") || text), button.firstChild);
    button.insertBefore(span("playbook-version__long", text), button.firstChild);
    button.setAttribute("title", text);
  }

  /* The selector's list: the version shown and the release in force (the one versions.json calls 'latest'). */
  function markList(selector) {
    var links = Array.prototype.slice.call(selector.querySelectorAll(".md-version__link"));
    if (!links.length || selector.dataset.playbookMarked) {
      return;
    }
    selector.dataset.playbookMarked = "1";
    var root = new URL("../", links[0].href);
    var folder = window.location.href.indexOf(root.href) === 0 ?
      window.location.href.slice(root.href.length).split("/")[0] : "";
    var labels = meta("playbook-version-labels").split("|");
    fetch(new URL("versions.json", root).href).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (versions) {
      versions.forEach(function (entry) {
        var aliases = entry.aliases || [];
        var link = links.filter(function (a) { return a.href === new URL(entry.version + "/", root).href; })[0];
        if (!link) {
          return;
        }
        if (entry.version === folder || aliases.indexOf(folder) >= 0) {
          link.setAttribute("aria-current", "page");
          link.appendChild(span("playbook-version__mark playbook-version__mark--shown", labels[0] || "✓"));
        }
        if (aliases.indexOf("latest") >= 0 && labels[1]) {
          link.appendChild(span("playbook-version__mark playbook-version__mark--in-force", labels[1]));
        }
      });
    }).catch(function () { /* no versions.json (a site opened from the folder): the list stays unmarked */ });
  }

  function versionSelector() {
    var selector = document.querySelector(".md-header__topic .md-version");
    if (!selector) {
      return false;
    }
    labelButton(selector.querySelector(".md-version__current"));
    markList(selector);
    return true;
  }

  function watchVersionSelector() {
    var topic = document.querySelector(".md-header__topic");
    if (!topic || versionSelector()) {
      return;
    }
    var observer = new MutationObserver(function () {
      if (versionSelector()) {
        observer.disconnect();
      }
    });
    observer.observe(topic, { childList: true, subtree: true });
  }

  function start() {
    watchVersionSelector();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
