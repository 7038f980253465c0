/* opsmanual quiz pages: attempts, immediate feedback, exam mode, score.
 *
 * The page holds every question of the bank as real HTML (readable without script,
 * each answer in a collapsed <details>). This script draws a sample per attempt with
 * a seeded generator (attempt n always shows the same questions in the same order),
 * reshuffles the options, and keeps the current attempt in sessionStorage so that a
 * reload does not lose it. opsmanual.js calls window.opsmanualQuiz() on every
 * emission of Material's document$ (instant navigation swaps pages without a load
 * event); a quiz already set up is left alone. No request leaves the page.
 *
 * Exam mode (and a fixed exam, data-om-fixed: every question, no new round, as in a
 * SCORM package) asks for confirmation before submitting with questions unanswered, and
 * then shows the score and pass or fail against data-om-pass at the top of the quiz. It
 * announces the result as the event "opsmanual:quiz-submitted" (detail: score, total,
 * percent, passed), which scorm12.js reports to an LMS.
 */
(function () {
  "use strict";

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function load(key) {
    var store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  function save(key, state) {
    var store = storage();
    if (!store) return;
    try { store.setItem(key, JSON.stringify(state)); } catch (e) { /* quota: keep going */ }
  }

  /* mulberry32: a tiny seeded generator, so that an attempt number is a sample */
  function generator(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffle(list, rand) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var swap = out[i]; out[i] = out[j]; out[j] = swap;
    }
    return out;
  }

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  /* Balanced sample: round-robin over question types, random within each type. */
  function sample(items, size, rand) {
    var byType = {};
    var types = [];
    shuffle(items, rand).forEach(function (item) {
      var type = item.getAttribute("data-om-type");
      if (!byType[type]) { byType[type] = []; types.push(type); }
      byType[type].push(item);
    });
    var out = [];
    for (var depth = 0; out.length < size; depth++) {
      var before = out.length;
      types.forEach(function (type) {
        if (out.length < size && depth < byType[type].length) out.push(byType[type][depth]);
      });
      if (out.length === before) break;
    }
    return shuffle(out, rand);
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function Quiz(root) {
    this.root = root;
    this.key = root.getAttribute("data-om-quiz");
    this.fixed = root.hasAttribute("data-om-fixed");
    this.pass = parseInt(root.getAttribute("data-om-pass"), 10) || 0;
    this.size = parseInt(root.getAttribute("data-om-size"), 10) || 10;
    this.seed = parseInt(root.getAttribute("data-om-seed"), 10) || 1;
    try { this.labels = JSON.parse(root.getAttribute("data-om-labels") || "{}"); } catch (e) { this.labels = {}; }
    this.list = root.querySelector(".om-quiz-list");
    this.items = all(root, "[data-om-q]");
    this.options = {};
    var self = this;
    this.items.forEach(function (item) {
      self.options[item.id] = all(item, "[data-om-opt]");
    });
    this.state = load(this.key) || this.fresh(1, this.fixed);
    if (this.fixed) this.size = this.items.length;
    this.shown = [];
  }

  Quiz.prototype.fresh = function (attempt, exam) {
    return { attempt: attempt, exam: exam, answers: {}, checked: {}, submitted: false };
  };

  Quiz.prototype.save = function () { save(this.key, this.state); };

  Quiz.prototype.form = function (item) { return item.getAttribute("data-om-form"); };

  /* The trainee's answer: an option index, the indices ticked of a multi-select, or for
     an ordering the ranks in DOM order. */
  Quiz.prototype.answer = function (item) {
    if (this.form(item) === "ordering") {
      var ranks = this.options[item.id].map(function (row) { return row.querySelector("select").value; });
      return ranks.some(function (r) { return r !== ""; }) ? ranks : null;
    }
    if (this.form(item) === "multiple") {
      var ticked = all(item, "input[type=checkbox]:checked").map(function (box) { return box.value; });
      return ticked.length ? ticked : null;
    }
    var chosen = item.querySelector("input[type=radio]:checked");
    return chosen ? chosen.value : null;
  };

  Quiz.prototype.complete = function (item) {
    var given = this.state.answers[item.id];
    if (given === undefined || given === null) return false;
    return this.form(item) !== "ordering" || given.every(function (r) { return r !== ""; });
  };

  Quiz.prototype.right = function (item) {
    if (this.form(item) === "ordering") {
      return this.options[item.id].every(function (row) {
        var select = row.querySelector("select");
        return select.value === select.getAttribute("data-om-rank");
      });
    }
    if (this.form(item) === "multiple") {
      return all(item, "input[type=checkbox]").every(function (box) {
        return box.checked === box.hasAttribute("data-om-correct");
      });
    }
    var chosen = item.querySelector("input[type=radio]:checked");
    return !!chosen && chosen.hasAttribute("data-om-correct");
  };

  /* Draw the attempt's questions and option order, then restore its answers. */
  Quiz.prototype.draw = function () {
    var self = this;
    var rand = generator(this.seed + this.state.attempt * 7919);
    this.shown = sample(this.items, this.size, rand);
    this.items.forEach(function (item) { item.hidden = true; self.reset(item); });
    this.shown.forEach(function (item) {
      self.list.appendChild(item);
      item.hidden = false;
      var rows = self.options[item.id];
      var container = rows[0] ? rows[0].parentNode : null;
      var order = self.form(item) === "truefalse" ? rows : shuffle(rows, rand);
      order.forEach(function (row) { container.appendChild(row); });
      self.restore(item);
    });
  };

  Quiz.prototype.reset = function (item) {
    all(item, "input, select").forEach(function (input) {
      input.disabled = false;
      if (input.type === "radio" || input.type === "checkbox") input.checked = false; else input.value = "";
    });
    this.options[item.id].forEach(function (row) { row.classList.remove("om-right", "om-wrong"); });
    var feedback = item.querySelector("[data-om-feedback]");
    feedback.hidden = true;
    feedback.textContent = "";
    item.classList.remove("om-q-right", "om-q-wrong");
  };

  Quiz.prototype.restore = function (item) {
    var given = this.state.answers[item.id];
    if (given !== undefined && given !== null) {
      if (this.form(item) === "ordering") {
        this.options[item.id].forEach(function (row, i) { row.querySelector("select").value = given[i] || ""; });
      } else if (this.form(item) === "multiple") {
        all(item, "input[type=checkbox]").forEach(function (box) { box.checked = given.indexOf(box.value) >= 0; });
      } else {
        var radio = item.querySelector("input[type=radio][value='" + given + "']");
        if (radio) radio.checked = true;
      }
    }
    if (this.state.checked[item.id] || this.state.submitted) this.reveal(item);
  };

  /* Feedback: right or wrong, the explanation and the link to the step (cloned from the page). */
  Quiz.prototype.reveal = function (item) {
    var self = this;
    var answered = this.complete(item);
    var ok = answered && this.right(item);
    all(item, "input, select").forEach(function (input) { input.disabled = true; });
    this.options[item.id].forEach(function (row) {
      var select = row.querySelector("select");
      var radio = row.querySelector("input[type=radio], input[type=checkbox]");
      if (select) {
        row.classList.add(select.value === select.getAttribute("data-om-rank") ? "om-right" : "om-wrong");
      } else if (radio.hasAttribute("data-om-correct")) {
        row.classList.add("om-right");
      } else if (radio.checked) {
        row.classList.add("om-wrong");
      }
    });
    item.classList.add(ok ? "om-q-right" : "om-q-wrong");
    var feedback = item.querySelector("[data-om-feedback]");
    feedback.textContent = "";
    var verdict = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = ok ? "✔ " + self.labels.right : "✘ " + (answered ? self.labels.wrong : self.labels.unanswered);
    verdict.appendChild(strong);
    feedback.appendChild(verdict);
    var explain = item.querySelector("[data-om-explain]");
    if (explain) feedback.appendChild(explain.cloneNode(true));
    feedback.className = "om-q-feedback " + (ok ? "om-ok" : "om-bad");
    feedback.hidden = false;
    var actions = item.querySelector("[data-om-actions]");
    if (actions) actions.hidden = true;
  };

  Quiz.prototype.score = function () {
    var self = this;
    var answered = 0;
    var right = 0;
    this.shown.forEach(function (item) {
      if (self.complete(item)) answered++;
      if ((self.state.checked[item.id] || self.state.submitted) && self.complete(item) && self.right(item)) right++;
    });
    return { answered: answered, score: right, total: this.shown.length };
  };

  Quiz.prototype.update = function () {
    var s = this.score();
    var exam = this.state.exam;
    var attempt = this.root.querySelector("[data-om-attempt]");
    attempt.textContent = fill(exam ? this.labels.exam_attempt : this.labels.attempt, { n: this.state.attempt });
    var progress = this.root.querySelector("[data-om-progress]");
    progress.textContent = fill(exam && !this.state.submitted ? this.labels.exam_progress : this.labels.progress, s);
    this.root.querySelector("[data-om-exam]").checked = exam;
    var self = this;
    this.shown.forEach(function (item) {
      var actions = item.querySelector("[data-om-actions]");
      actions.hidden = exam || !!self.state.checked[item.id];
    });
    this.root.querySelector("[data-om-submitbar]").hidden = !exam || this.state.submitted;
    var result = this.root.querySelector("[data-om-result]");
    result.hidden = !(exam && this.state.submitted);
    result.textContent = result.hidden ? "" : this.verdict(s).text;
    result.className = "om-quiz-result" + (result.hidden || !this.pass ? "" : this.verdict(s).passed ? " om-passed" : " om-failed");
  };

  /* The result line: score, points out of 100 and, with a pass mark, passed or not. */
  Quiz.prototype.verdict = function (s) {
    var percent = s.total ? Math.round((s.score * 100) / s.total) : 0;
    var passed = !this.pass || percent >= this.pass;
    var text = fill(this.labels.result_pct, { score: s.score, total: s.total, percent: percent });
    if (this.pass) text += " · " + fill(passed ? this.labels.passed : this.labels.failed, { pass: this.pass });
    return { text: text, percent: percent, passed: passed };
  };

  Quiz.prototype.start = function (exam) {
    if (this.fixed) return;
    this.state = this.fresh(this.state.attempt + 1, exam);
    this.save();
    this.draw();
    this.update();
  };

  Quiz.prototype.check = function (item) {
    var feedback = item.querySelector("[data-om-feedback]");
    if (!this.complete(item)) {
      feedback.className = "om-q-feedback om-bad";
      feedback.textContent = this.labels.pick;
      feedback.hidden = false;
      return;
    }
    this.state.checked[item.id] = true;
    this.save();
    this.reveal(item);
    this.update();
  };

  /* Submit; with questions unanswered, first ask (in the page: a dialog of the browser
     may be blocked inside an LMS frame). */
  Quiz.prototype.submit = function (confirmed) {
    var self = this;
    var missing = this.shown.filter(function (item) { return !self.complete(item); }).length;
    var ask = this.root.querySelector("[data-om-confirm]");
    if (missing && !confirmed) {
      ask.querySelector("[data-om-confirm-text]").textContent = fill(this.labels.confirm, { missing: missing });
      ask.hidden = false;
      ask.querySelector("[data-om-confirm-yes]").focus();
      return;
    }
    ask.hidden = true;
    this.state.submitted = true;
    this.save();
    this.shown.forEach(function (item) { self.reveal(item); });
    this.update();
    var result = this.root.querySelector("[data-om-result]");
    result.focus();
    if (result.scrollIntoView) result.scrollIntoView({ block: "center" });
    var s = this.score();
    var v = this.verdict(s);
    var detail = { score: s.score, total: s.total, percent: v.percent, passed: v.passed, pass: this.pass };
    this.root.dispatchEvent(new CustomEvent("opsmanual:quiz-submitted", { bubbles: true, detail: detail }));
  };

  Quiz.prototype.keepAnswering = function () {
    var self = this;
    this.root.querySelector("[data-om-confirm]").hidden = true;
    var first = this.shown.filter(function (item) { return !self.complete(item); })[0];
    var input = first && first.querySelector("input, select");
    if (input) input.focus();
  };

  Quiz.prototype.bind = function () {
    var self = this;
    this.items.forEach(function (item) {
      item.addEventListener("change", function () {
        self.state.answers[item.id] = self.answer(item);
        var feedback = item.querySelector("[data-om-feedback]");
        if (!self.state.checked[item.id]) feedback.hidden = true;
        self.save();
        self.update();
      });
      item.querySelector("[data-om-check]").addEventListener("click", function () { self.check(item); });
    });
    this.root.querySelector("[data-om-new]").addEventListener("click", function () {
      self.start(self.state.exam);
    });
    this.root.querySelector("[data-om-exam]").addEventListener("change", function (event) {
      self.start(event.target.checked);
    });
    this.root.querySelector("[data-om-submit]").addEventListener("click", function () { self.submit(false); });
    this.root.querySelector("[data-om-confirm-yes]").addEventListener("click", function () { self.submit(true); });
    this.root.querySelector("[data-om-confirm-no]").addEventListener("click", function () { self.keepAnswering(); });
  };

  Quiz.prototype.setup = function () {
    this.root.classList.add("om-js");
    this.root.querySelector("[data-om-bar]").hidden = false;
    this.bind();
    this.draw();
    this.update();
  };

  window.opsmanualQuiz = function () {
    all(document, "[data-om-quiz]").forEach(function (root) {
      if (root.hasAttribute("data-om-ready")) return;
      root.setAttribute("data-om-ready", "");
      new Quiz(root).setup();
    });
  };

  /* Loaded after the page is ready (e.g. listed after opsmanual.js): set up now. */
  if (document.readyState !== "loading") window.opsmanualQuiz();
  else document.addEventListener("DOMContentLoaded", window.opsmanualQuiz);
})();
