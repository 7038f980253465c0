/* opsmanual: checklist ticks kept in localStorage; print button.
 * Material's instant navigation swaps pages without a page load, so everything is
 * (re)attached on each emission of document$, never on DOMContentLoaded. */
(function () {
  "use strict";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function load(key) {
    var store = storage();
    if (!store) return {};
    try { return JSON.parse(store.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }

  function save(key, state) {
    var store = storage();
    if (store) store.setItem(key, JSON.stringify(state));
  }

  function setupChecklist(box) {
    var key = box.getAttribute("data-om-checklist");
    var state = load(key);
    var items = box.querySelectorAll("input[data-om-item]");
    items.forEach(function (input) {
      var id = input.getAttribute("data-om-item");
      input.checked = state[id] === true;
      input.closest("tr").classList.toggle("om-done", input.checked);
      input.addEventListener("change", function () {
        var current = load(key);
        if (input.checked) { current[id] = true; } else { delete current[id]; }
        save(key, current);
        input.closest("tr").classList.toggle("om-done", input.checked);
      });
    });
    var reset = box.querySelector("[data-om-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        var store = storage();
        if (store) store.removeItem(key);
        items.forEach(function (input) {
          input.checked = false;
          input.closest("tr").classList.remove("om-done");
        });
      });
    }
  }

  /* A chart wider than the screen (a phone) can be shown whole, and back at full size. */
  function setupFit(button) {
    var figure = button.closest("figure");
    var scroll = figure && figure.querySelector(".om-chart-scroll");
    if (!scroll || scroll.scrollWidth <= scroll.clientWidth + 1) return;  // it fits already
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      var fitted = scroll.classList.toggle("om-fit");
      button.setAttribute("aria-pressed", fitted ? "true" : "false");
      button.textContent = button.getAttribute(fitted ? "data-om-fit-off" : "data-om-fit-on");
    });
  }

  /* Material's search box is a role=dialog without a name (axe: aria-dialog-name): it
   * takes the name of its own input ("搜索" / "Search"), so no string is hard-coded. */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var input = dialog && dialog.querySelector("input");
    if (!dialog || dialog.hasAttribute("aria-label") || !input) return;
    var name = input.getAttribute("aria-label") || input.getAttribute("placeholder");
    if (name) dialog.setAttribute("aria-label", name);
  }

  /* A table wider than the screen scrolls inside Material's wrapper: a box that scrolls
   * must be reachable by keyboard (axe: scrollable-region-focusable), so it takes the focus
   * while it overflows, and not otherwise (no empty tab stops on a wide screen). */
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(focusableScrollers, 200);
  });

  /* A search result links to its page with ?h= for the page to highlight what was looked
   * for; for Chinese Material passes only part of the query (身份核验 → ?h=核), and the page
   * then marks every 核. The link carries the query as typed instead (once, on the
   * document: result lists are redrawn as the query changes). */
  var highlightWhole = false;
  function highlightWholeQuery() {
    if (highlightWhole) return;
    highlightWhole = true;
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".md-search-result__link");
      var input = document.querySelector("input.md-search__input");
      if (!link || !input || !input.value.trim()) return;
      var url = new URL(link.href, location.href);
      url.searchParams.set("h", input.value.trim());
      link.href = url.href;
    }, true);
  }

  function setup() {
    nameSearchDialog();
    highlightWholeQuery();
    focusableScrollers();
    document.querySelectorAll("[data-om-checklist]").forEach(setupChecklist);
    document.querySelectorAll("[data-om-fit]").forEach(setupFit);
    document.querySelectorAll("[data-om-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    if (window.opsmanualQuiz) window.opsmanualQuiz();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
