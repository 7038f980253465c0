/* opsmanual SCORM 1.2 bridge: a page run by an LMS reports its result through window.API.
 *
 * Finds the LMS's API object in the parent frames (or the opener), calls LMSInitialize
 * on load, and on the DOM event "opsmanual:sco-result" (detail: score 0-100 or null,
 * passed true/false/null) sets cmi.core.score.raw/min/max and cmi.core.lesson_status
 * (passed or failed with a pass mark, else completed), commits and finishes. Outside an
 * LMS (no API found) the page works alone and nothing is reported. Also relays
 * "opsmanual:quiz-submitted" from quiz.js.
 */
(function () {
  "use strict";

  function findAPI(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      if (win.API) return win.API;
      if (win === win.parent) break;
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var done = false;

  function set(name, value) { if (api) api.LMSSetValue(name, String(value)); }

  function report(detail) {
    if (!api || done) return;
    done = true;
    if (detail.score !== null && detail.score !== undefined) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", detail.score);
    }
    var status = detail.passed === true ? "passed" : detail.passed === false ? "failed" : "completed";
    set("cmi.core.lesson_status", status);
    api.LMSCommit("");
    api.LMSFinish("");
  }

  window.opsmanualScorm = { report: report, connected: function () { return !!api; } };

  if (api) {
    api.LMSInitialize("");
    if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") set("cmi.core.lesson_status", "incomplete");
  }
  document.addEventListener("opsmanual:sco-result", function (event) { report(event.detail || {}); });
  document.addEventListener("opsmanual:quiz-submitted", function (event) {
    var d = event.detail || {};
    report({ score: d.percent, passed: d.pass ? d.passed : null });
  });
})();
