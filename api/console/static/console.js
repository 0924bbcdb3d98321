// The console's behaviour: live progress through server-sent events, and the map of the routes.
// Served from the package (no CDN); the pages stay usable without it.
"use strict";

const STATUS_FR = {
  queued: "en attente", running: "en cours", succeeded: "terminé", failed: "échec", cancelled: "annulé",
};

const STAGE_FR = {
  calendar: "choix des jours", days: "calcul des journées",
  finishing: "échanges entre jours et équilibre",
};

function followProgress() {
  const box = document.getElementById("progress");
  if (!box || box.dataset.finished === "yes") return;
  const bar = document.getElementById("bar");
  const text = document.getElementById("status-text");
  const limit = parseFloat(box.dataset.limit) || 1;
  const started = Date.now();
  let status = "queued";
  // The search reports its best objective, not a percentage: time against the limit is the
  // honest measure of how far it has gone.
  const tick = setInterval(() => {
    if (status !== "running") return;
    const share = Math.min(99, ((Date.now() - started) / 1000 / limit) * 100);
    bar.value = Math.max(bar.value, share);
  }, 250);
  const source = new EventSource(box.dataset.events);
  source.addEventListener("progress", (event) => {
    const job = JSON.parse(event.data);
    status = job.status;
    text.textContent = STATUS_FR[job.status] || job.status;
    if (job.week) {
      // A week: how many of its days are planned is the measure of how far it has gone.
      const total = job.week.days.length;
      if (job.week.stage !== "done") text.textContent += ` — ${STAGE_FR[job.week.stage] || job.week.stage}`;
      text.textContent += ` (${job.week.days_done} / ${total} jours)`;
      if (total) bar.value = Math.max(bar.value, (100 * job.week.days_done) / total);
      return;
    }
    if (job.progress.best_objective_eur !== null) {
      text.textContent += ` — meilleur objectif ${job.progress.best_objective_eur.toFixed(2)} €`;
    }
  });
  source.addEventListener("end", (event) => {
    source.close();
    clearInterval(tick);
    const job = JSON.parse(event.data);
    bar.value = 100;
    text.textContent = STATUS_FR[job.status] || job.status;
    box.dataset.finished = "yes";
    if (job.has_plan) window.location.reload();
  });
}

// Names come from uploaded files: popups and tooltips get DOM nodes filled with text, never HTML
// strings, so that a site named "<img onerror=...>" is shown as written and runs nothing.
function textElement(text) {
  const element = document.createElement("span");
  element.textContent = text;
  return element;
}

function drawMap() {
  const element = document.getElementById("map");
  const data = document.getElementById("map-data");
  if (!element || !data || typeof L === "undefined") return;
  const note = document.getElementById("map-note");
  const routes = JSON.parse(data.textContent).routes;
  const map = L.map(element, { keyboard: true });
  const bounds = [];
  for (const route of routes) {
    // Along the roads when the plan has their shapes, else straight from stop to stop.
    const line = route.line.length ? route.line : route.points.map((p) => [p[0], p[1]]);
    L.polyline(line, { color: route.colour, weight: 4, opacity: 0.85 })
      .bindTooltip(textElement(`Tournée ${route.vehicle}`)).addTo(map);
    for (const [lat, lon, name, arrival, number] of route.points) {
      L.circleMarker([lat, lon], {
        radius: 5, color: route.colour, fillColor: "#fff", fillOpacity: 1, weight: 2,
      }).bindPopup(textElement(`${route.vehicle} n° ${number} : ${name}, ${arrival}`)).addTo(map);
      bounds.push([lat, lon]);
    }
  }
  element.dataset.routesDrawn = String(routes.length);
  if (bounds.length) map.fitBounds(bounds, { padding: [20, 20] });
  // OpenStreetMap tiles when online; the stops and routes are drawn either way.
  if (!navigator.onLine) {
    note.textContent = "Hors ligne : fond de carte indisponible, tournées tracées sans carte.";
    return;
  }
  let failed = 0;
  const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19, attribution: "© contributeurs OpenStreetMap",
  });
  tiles.on("tileerror", () => {
    failed += 1;
    if (failed === 3) {
      map.removeLayer(tiles);
      note.textContent = "Fond de carte injoignable : tournées tracées sans carte.";
    }
  });
  tiles.addTo(map);
}

followProgress();
drawMap();
