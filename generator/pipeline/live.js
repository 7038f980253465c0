// opsmanual serve: reload after a good build, show what stands in the way of one.
// Added to pages by the development server only; never part of the built site.
(function () {
  "use strict";
  var seen = null;
  var box = null;

  function show(title, problems) {
    if (!box) {
      box = document.createElement("div");
      box.id = "opsmanual-problems";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:100000;max-height:45vh;overflow:auto;" +
        "background:#fff3f0;color:#7f0000;border-top:3px solid #b71c1c;padding:.75rem 1rem;" +
        "font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -2px 8px #0003";
      document.body.appendChild(box);
    }
    // text only: a message can hold any author text, none of it becomes markup
    box.textContent = title + "\n" + problems.join("\n");
  }

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function poll() {
    fetch("/.opsmanual/state", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.generation !== seen) {
          location.reload();
          return;
        }
        seen = state.generation;
        if (state.problems.length) {
          show(state.title, state.problems);
        } else if (!state.building) {
          hide();
        }
      })
      .catch(function () { /* the server restarts: try again */ })
      .then(function () { setTimeout(poll, 500); });
  }

  poll();
})();
