/* Reading aids (styled in reading.css): the version selector shows a short label on narrow screens and marks
   the version shown and the release in force; a table wider than the page scrolls inside a frame that says so;
   a figure drawn smaller than its readable size (text under 12 CSS px) gets a button that enlarges it; every cell
   of a table is labelled with its column's heading (data-label), which a phone shows when the table's rows become
   cards (reading.css). */
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

  /* Wide tables: each scrolling wrapper gets a frame, and a hint above it while the table is wider. */
  function frameTables() {
    var hint = meta("playbook-scroll-hint");
    document.querySelectorAll("article .md-typeset__scrollwrap, article .playbook-diagram").forEach(function (wrap) {
      if (wrap.parentElement.classList.contains("playbook-scroll__frame")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "playbook-scroll";
      var note = document.createElement("p");
      note.className = "playbook-scroll__hint";
      note.setAttribute("aria-hidden", "true");
      note.textContent = hint;
      var frame = document.createElement("div");
      frame.className = "playbook-scroll__frame";
      wrap.parentElement.insertBefore(box, wrap);
      box.appendChild(note);
      box.appendChild(frame);
      frame.appendChild(wrap);
      wrap.addEventListener("scroll", function () { shade(wrap); }, { passive: true });
    });
    document.querySelectorAll("article .playbook-scroll__frame > .playbook-diagram").forEach(enlargeControl);
    document.querySelectorAll("article .playbook-scroll__frame > .md-typeset__scrollwrap, " +
                              "article .playbook-scroll__frame > .playbook-diagram").forEach(shade);
  }

  /* The size in CSS px at which a figure's smallest text is drawn now. */
  function smallestText(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    var sizes = Array.prototype.map.call(svg.querySelectorAll("text[font-size]"), function (text) {
      return parseFloat(text.getAttribute("font-size"));
    });
    if (!box || !box.width || !sizes.length) {
      return Infinity;
    }
    return Math.min.apply(null, sizes) * svg.getBoundingClientRect().width / box.width;
  }

  /* A button above a figure whose text is drawn under 12 CSS px: it shows the figure at its readable size (the
     frame then scrolls) and back. */
  function enlargeControl(figure) {
    var svg = figure.querySelector("svg");
    var labels = meta("playbook-figure-labels").split("|");
    var box = figure.parentElement.parentElement;
    var button = box.querySelector(":scope > .playbook-figure-size");
    if (!svg || labels.length < 2) {
      return;
    }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "md-button playbook-figure-size";
      button.setAttribute("aria-pressed", "false");
      button.textContent = labels[0];
      button.addEventListener("click", function () {
        var large = figure.classList.toggle("playbook-diagram--large");
        button.setAttribute("aria-pressed", large ? "true" : "false");
        button.textContent = labels[large ? 1 : 0];
        shade(figure);
      });
      box.insertBefore(button, box.firstChild);
    }
    button.hidden = !figure.classList.contains("playbook-diagram--large") && smallestText(svg) >= 11.95;
  }

  function shade(wrap) {
    var box = wrap.parentElement.parentElement;
    var wide = wrap.scrollWidth > wrap.clientWidth + 1;
    box.classList.toggle("playbook-scroll--wide", wide);
    box.classList.toggle("playbook-scroll--more-left", wide && wrap.scrollLeft > 1);
    box.classList.toggle("playbook-scroll--more-right", wide && wrap.scrollLeft + wrap.clientWidth < wrap.scrollWidth - 1);
    if (wide) {  /* the keyboard scrolls it too */
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", meta("playbook-scroll-hint"));
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  /* Each cell of a table gets its column's heading as data-label (colspans counted), and an empty cell a mark, so
     that a row shown as a card on a phone says what each value is and leaves out what it does not have. */
  function labelCells() {
    document.querySelectorAll("article table").forEach(function (table) {
      if (table.dataset.playbookLabelled) {
        return;
      }
      table.dataset.playbookLabelled = "1";
      var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : null;
      var headings = [];
      Array.prototype.forEach.call(head ? head.cells : [], function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) {
          headings.push(cell.textContent.replace(/\s+/g, " ").trim());
        }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (headings[column]) {
              cell.setAttribute("data-label", headings[column]);
            }
            if (!cell.textContent.trim() && !cell.querySelector("img, svg, input")) {
              cell.setAttribute("data-empty", "");
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  function start() {
    labelCells();
    watchVersionSelector();
    frameTables();
    window.setTimeout(frameTables, 0);  /* after the theme has wrapped its tables */
    window.addEventListener("load", frameTables);
    var pending = 0;
    window.addEventListener("resize", function () {
      window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(frameTables);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
