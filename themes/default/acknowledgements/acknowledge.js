/* The acknowledgement button (generator/acknowledgements/site.py): asks the company's acknowledgements service
   whether the reader has accepted the release in force, and records it when they press the button. The page stays
   readable whatever happens: the box appears only once this script runs, and a service out of reach only adds a
   short sentence. */
(function () {
  "use strict";
  var box = document.querySelector(".playbook-ack");
  if (!box || !window.fetch || !window.JSON) { return; }
  var base = box.getAttribute("data-url");
  var version = box.getAttribute("data-version");
  var hash = box.getAttribute("data-hash");
  var button = box.querySelector("button");
  var intro = box.querySelector(".playbook-ack__intro");
  var status = box.querySelector(".playbook-ack__status");
  var token = "";

  function text(name) { return box.getAttribute("data-" + name) || ""; }
  function say(message) { status.textContent = message; }
  function shownDate(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) { return iso; }
    return when.toLocaleDateString(document.documentElement.lang || undefined,
                                   { year: "numeric", month: "long", day: "numeric" });
  }
  function done(iso) {
    button.hidden = true;
    intro.hidden = true;
    say(text("done").replace("{version}", version).replace("{date}", shownDate(iso)));
  }
  function unavailable() { button.disabled = false; say(text("unavailable")); }
  // a service that does not answer is a service out of reach, not a page that waits for ever
  function ask(path, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, 10000) : null;
    options.credentials = "include";
    options.cache = "no-store";
    if (controller) { options.signal = controller.signal; }
    return fetch(base + path, options).then(function (response) {
      if (timer) { clearTimeout(timer); }
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }
  function load() {
    return ask("api/acknowledgements/me", { headers: { "Accept": "application/json" } }).then(function (answer) {
      if (!answer.ok) { throw answer; }
      token = answer.body.token;
      var mine = (answer.body.acknowledgements || []).filter(function (a) {
        return a.version === version && a.content_hash === hash;
      });
      if (mine.length) { done(mine[0].acknowledged_at); } else { button.disabled = false; say(""); }
    });
  }

  box.hidden = false;
  button.disabled = true;
  load().catch(function (answer) {
    if (answer && answer.body && answer.body.message) {
      say(text("refused").replace("{message}", answer.body.message));
    } else {
      unavailable();
    }
  });
  button.addEventListener("click", function () {
    button.disabled = true;
    say(text("sending"));
    (token ? Promise.resolve() : load()).then(function () {
      return ask("api/acknowledgements", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Playbook-Token": token },
        body: JSON.stringify({ version: version, content_hash: hash })
      });
    }).then(function (answer) {
      if (answer.ok) {
        done(answer.body.acknowledged_at);
      } else {
        button.disabled = false;
        say(text("refused").replace("{message}", answer.body.message || ""));
      }
    }).catch(unavailable);
  });
})();
