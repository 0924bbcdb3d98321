// Stop reports kept on the phone (localStorage) and sent when the network allows.
// A report is keyed by its job: marking a stop again replaces the previous report, and the
// server stores it idempotently, so sending twice is harmless.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sheet-config").textContent);
  var storeKey = "foodroute:reports:" + config.routeKey;
  var text = config.text;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function save(reports) { localStorage.setItem(storeKey, JSON.stringify(reports)); }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function show(job, entry) {
    var form = document.querySelector('form.report[data-job="' + CSS.escape(job) + '"]');
    if (!form) { return; }
    var state = form.querySelector(".state");
    var status = text["status." + entry.report.status];
    var key = entry.sent ? "sent" : (config.reportUrl ? "saved" : "local_only");
    state.className = "state " + (entry.sent ? "sent" : "saved");
    state.textContent = format(text[key], {status: status});
    form.dataset.state = entry.sent ? "sent" : "saved";
  }

  function showQueue(reports) {
    var pending = Object.keys(reports).filter(function (job) { return !reports[job].sent; });
    var banner = document.getElementById("queue");
    banner.textContent = pending.length && config.reportUrl
      ? format(text.pending, {count: pending.length}) : "";
  }

  var sending = false;
  function flush() {
    if (!config.reportUrl || sending) { return Promise.resolve(); }
    var reports = load();
    var pending = Object.keys(reports).filter(function (job) { return !reports[job].sent; });
    if (!pending.length) { showQueue(reports); return Promise.resolve(); }
    sending = true;
    return pending.reduce(function (chain, job) {
      return chain.then(function () {
        return fetch(config.reportUrl, {
          method: "POST",
          headers: {"Content-Type": "application/json"},
          body: JSON.stringify(reports[job].report)
        }).then(function (response) {
          if (response.ok) {
            var current = load();
            if (current[job] && current[job].report.reported_at === reports[job].report.reported_at) {
              current[job].sent = true;
              save(current);
              show(job, current[job]);
            }
          }
        });
      });
    }, Promise.resolve()).catch(function () { /* offline: try again later */ })
      .then(function () { sending = false; showQueue(load()); });
  }

  function report(form, status) {
    var reason = form.querySelector("select[name=reason]").value;
    var state = form.querySelector(".state");
    if (status === "skipped" && !reason) {
      state.className = "state saved";
      state.textContent = text.need_reason;
      return;
    }
    var actual = {};
    config.classes.forEach(function (klass) {
      var value = parseFloat(form.querySelector('input[name="' + klass + '"]').value);
      actual[klass] = isNaN(value) || value < 0 || status === "skipped" ? 0 : value;
    });
    var entry = {
      sent: false,
      report: {
        job: form.dataset.job,
        status: status,
        reason: status === "skipped" ? reason : "",
        actual_kg: actual,
        reported_at: new Date().toISOString()
      }
    };
    var reports = load();
    reports[form.dataset.job] = entry;
    save(reports);
    show(form.dataset.job, entry);
    showQueue(reports);
    flush();
  }

  document.querySelectorAll("form.report").forEach(function (form) {
    // Enter in a field must not submit the form: reports go through the buttons only.
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.querySelectorAll("button[data-status]").forEach(function (button) {
      button.addEventListener("click", function () { report(form, button.dataset.status); });
    });
  });
  var stored = load();
  Object.keys(stored).forEach(function (job) { show(job, stored[job]); });
  showQueue(stored);
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  flush();
}());
