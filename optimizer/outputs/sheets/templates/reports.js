// Stop reports kept on the phone (localStorage) and sent when the network allows.
// A report is keyed by its stop, the job and its end (a shipment's pickup and delivery are two
// stops): marking a stop again replaces the previous report, and the server stores it
// idempotently, so sending twice is harmless.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sheet-config").textContent);
  var storeKey = "foodroute:reports:" + config.routeKey;
  var text = config.text;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function save(reports) { localStorage.setItem(storeKey, JSON.stringify(reports)); }
  function stopKey(job, end) { return job + "|" + end; }
  function formsOf(job) {
    return document.querySelectorAll('form.report[data-job="' + CSS.escape(job) + '"]');
  }
  // Reports kept by an earlier page name the job only: they stand for each of its stops.
  function upgrade(reports) {
    Object.keys(reports).forEach(function (key) {
      var entry = reports[key];
      if (entry.report.end) { return; }
      var forms = formsOf(key);
      if (!forms.length) { return; }
      forms.forEach(function (form) {
        var report = Object.assign({}, entry.report, {end: form.dataset.end});
        reports[stopKey(key, form.dataset.end)] = {sent: entry.sent, report: report};
      });
      delete reports[key];
    });
    return reports;
  }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function show(entry) {
    var form = document.querySelector('form.report[data-job="' + CSS.escape(entry.report.job) +
      '"][data-end="' + CSS.escape(entry.report.end || "") + '"]');
    if (!form) { return; }
    var state = form.querySelector(".state");
    var status = text["status." + entry.report.status];
    var key = entry.sent ? "sent" : (config.reportUrl ? "saved" : "local_only");
    state.className = "state " + (entry.sent ? "sent" : "saved");
    state.textContent = format(text[key], {status: status});
    form.dataset.state = entry.sent ? "sent" : "saved";
  }

  function showQueue(reports) {
    var pending = Object.keys(reports).filter(function (key) { return !reports[key].sent; });
    var banner = document.getElementById("queue");
    banner.textContent = pending.length && config.reportUrl
      ? format(text.pending, {count: pending.length}) : "";
  }

  var sending = false;
  var again = false;  // a report made while others were being sent: send it right after
  function flush() {
    if (sending) { again = true; }
    if (!config.reportUrl || sending) { return Promise.resolve(); }
    var reports = load();
    var pending = Object.keys(reports).filter(function (key) { return !reports[key].sent; });
    if (!pending.length) { showQueue(reports); return Promise.resolve(); }
    sending = true;
    return pending.reduce(function (chain, key) {
      return chain.then(function () {
        return fetch(config.reportUrl, {
          method: "POST",
          headers: {"Content-Type": "application/json"},
          body: JSON.stringify(reports[key].report)
        }).then(function (response) {
          if (response.ok) {
            var current = load();
            if (current[key] && current[key].report.reported_at === reports[key].report.reported_at) {
              current[key].sent = true;
              save(current);
              show(current[key]);
            }
          }
        });
      });
    }, Promise.resolve()).catch(function () { /* offline: try again later */ })
      .then(function () {
        sending = false;
        showQueue(load());
        if (again) { again = false; flush(); }
      });
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
        end: form.dataset.end,
        status: status,
        reason: status === "skipped" ? reason : "",
        actual_kg: actual,
        reported_at: new Date().toISOString()
      }
    };
    var reports = load();
    reports[stopKey(form.dataset.job, form.dataset.end)] = entry;
    save(reports);
    show(entry);
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
  var stored = upgrade(load());
  save(stored);
  Object.keys(stored).forEach(function (key) { show(stored[key]); });
  showQueue(stored);
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  flush();
}());
