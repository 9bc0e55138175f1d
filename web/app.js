// corridor map page: loads the network and scenarios from `corridor serve`, routes between two
// nodes (legs, Time/Cost-Distance charts after UNESCAP) and compares two scenarios (what
// changes per country, the difference flow map, the changed routes). Every figure comes from
// the API (docs/json.md); the page only presents it. Plain browser JavaScript, no build step.
'use strict';

const API = 'corridor/v1/';
const ROUTE_COLOURS = ['#d62728', '#1f77b4', '#2ca02c'];
const MODE_COLOURS = { rail: '#5b3a29', road: '#e08a00', sea: '#1f5fa8', ferry: '#3a8fd6',
                       pipeline: '#888', power: '#aaa', fibre: '#bbb' };
const STATUS_DASH = { operating: null, construction: '8 5', planned: '2 5', closed: '1 8' };
const GAIN = '#1a9850', LOSS = '#d73027', OVERLAY = '#7f7f7f';
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = { countryNames: new Map(), nodes: new Map(), map: null, network: null, geo: new Map(), routes: null,
                overlay: null, compare: null, selected: 0, labelNodes: [], routeMarks: [],
                pickNext: 'from', extent: null };
// "Armenia (AM)": a country as people name it (iso-codes, GET /corridor/v1/countries), with
// its code; the code alone when the server knows no name for it
const countryLabel = cc => state.countryNames.has(cc) ? `${state.countryNames.get(cc)} (${cc})` : cc;

function $(id) { return document.getElementById(id); }
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fmt(x, d) { return Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }); }
function signed(x, d) { return (x > 0 ? '+' : x < 0 ? '\u2212' : '') + fmt(Math.abs(x), d); }
function pct(p) { return p === null ? 'new' : signed(p, 1) + '%'; }
function say(text) { $('message').textContent = text || ''; }
function escapeHtml(s) { return String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }

async function api(path) {
  const r = await fetch(API + path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || ('HTTP ' + r.status));
  return body;
}

// ---- exports: CSV of a table, SVG or PNG of a chart ----

function download(name, blob) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
// header: column names; rows: arrays of raw values (numbers unformatted)
function csvButton(label, name, header, rows) {
  const b = el('button', { type: 'button', class: 'small csv' }, label);
  b.addEventListener('click', () => download(name, new Blob(
    [[header, ...rows].map(r => r.map(csvCell).join(',')).join('\n') + '\n'], { type: 'text/csv' })));
  return b;
}
function svgText(s) {
  const c = s.cloneNode(true);
  c.setAttribute('xmlns', SVG_NS);
  return new XMLSerializer().serializeToString(c);
}
function chartBox(s, name) {
  const box = el('div', { class: 'chart' });
  const bs = el('div');
  const bSvg = el('button', { type: 'button', class: 'small svg-export' }, 'SVG');
  bSvg.addEventListener('click', () => download(name + '.svg', new Blob([svgText(s)], { type: 'image/svg+xml' })));
  const bPng = el('button', { type: 'button', class: 'small png-export' }, 'PNG');
  bPng.addEventListener('click', () => {
    const w = +s.getAttribute('width'), h = +s.getAttribute('height');
    const img = new Image();
    img.onload = () => {
      const cv = el('canvas', { width: w * 2, height: h * 2 });
      const g = cv.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, cv.width, cv.height);
      g.drawImage(img, 0, 0, cv.width, cv.height);
      cv.toBlob(b => download(name + '.png', b), 'image/png');
    };
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(s));
  });
  bs.append(bSvg, bPng);
  box.append(s, bs);
  return box;
}
// the charts carry their own style, so that an exported file looks as on the page
function chartSvg(cls, w, h) {
  const s = svg('svg', { class: cls, width: w, height: h, viewBox: `0 0 ${w} ${h}` });
  s.append(svg('style', {}, 'text{font:10px system-ui,sans-serif;fill:#333}.grid{stroke:#e5e5e5}.axis{stroke:#666}.lbl{font-size:9px;fill:#7a3b00}'));
  s.append(svg('rect', { width: w, height: h, fill: '#fff' }));
  return s;
}

// Round axis ticks: steps of 1, 2 or 5 times a power of ten, about n of them.
function ticks(max, n) {
  const raw = max / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step), out = [];
  for (let k = 0; k * step <= top + step * 1e-9; k++) out.push(+(k * step).toPrecision(12));
  return { step, values: out, top };
}

// ---- map ----

async function initMap() {
  const map = L.map('map', { zoomSnap: 0.25, preferCanvas: false, attributionControl: false });
  state.map = map;
  map.createPane('countries').style.zIndex = 200;
  map.createPane('labels').style.zIndex = 640;
  map.getPane('labels').classList.add('leaflet-labels-pane');
  state.labels = L.layerGroup().addTo(map);
  state.marks = L.layerGroup().addTo(map);
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    const d = el('div', { class: 'legend', id: 'legend' });
    for (const m of ['rail', 'road', 'sea', 'ferry'])
      d.innerHTML += `<i style="background:${MODE_COLOURS[m]}"></i>${m}<br>`;
    d.innerHTML += '<i style="background:#ffd400;height:7px"></i>TRIPP<br>' +
      'dashed: construction, dotted: planned<br>' +
      '<span style="color:#c00">&#9679;</span> border post';
    return d;
  };
  legend.addTo(map);
  state.flowLegend = L.control({ position: 'topright' });
  state.flowLegend.onAdd = () => el('div', { class: 'legend', id: 'flow-legend' });
  map.on('zoomend moveend', placeLabels);
  map.on('click', ev => pickNear(ev.containerPoint));
}

// Country outlines: the region's file (scripts/outlines.js, about 26 KB gzipped) when it covers
// the network, else the world at 1:110m.
async function drawOutlines(region, bounds) {
  let geo = await region;
  const [w, s, e, n] = geo.bbox;
  if (!L.latLngBounds([s, w], [n, e]).contains(bounds)) {
    await new Promise((ok, bad) => {
      const sc = el('script', { src: 'vendor/topojson-client/dist/topojson-client.min.js' });
      sc.onload = ok; sc.onerror = () => bad(new Error('cannot load topojson-client'));
      document.head.append(sc);
    });
    const topo = await (await fetch('vendor/world-atlas/countries-110m.json')).json();
    geo = topojson.feature(topo, topo.objects.countries);
  }
  // on a canvas: hundreds of SVG paths that nobody clicks slow the first view down
  L.geoJSON(geo, {
    pane: 'countries', interactive: false, renderer: L.canvas({ pane: 'countries' }),
    style: { color: '#999', weight: 0.8, fillColor: '#f4f1e8', fillOpacity: 1 },
  }).addTo(state.map);
  document.body.dataset.outlines = geo.features.length;
}

async function networkGeo(scenario) {
  const key = scenario || '';
  if (!state.geo.has(key))
    state.geo.set(key, api('network.geojson' + (key ? '?scenario=' + encodeURIComponent(key) : '')));
  return state.geo.get(key);
}

async function loadNetwork(scenario) {
  const geo = await networkGeo(scenario);
  if (state.network) state.map.removeLayer(state.network);
  const group = L.layerGroup();
  const labels = [];
  // on a canvas: a few hundred SVG paths take most of the first view's time
  const renderer = state.canvas || (state.canvas = L.canvas({ padding: 0.3 }));
  const count = { tripp: 0, posts: 0, links: 0 };
  for (const f of geo.features) {
    const p = f.properties;
    if (p.kind === 'node') {
      state.nodes.set(p.id, { id: p.id, name: p.name, country: p.country, kinds: p.kinds, post: p.border_post,
                              lonlat: f.geometry.coordinates });
      continue;
    }
    if (!MODE_COLOURS[p.mode] || ['pipeline', 'power', 'fibre'].includes(p.mode)) continue;
    const ll = f.geometry.coordinates.map(([x, y]) => [y, x]);
    if (p.corridors.includes('tripp')) {
      count.tripp++;
      L.polyline(ll, { renderer, color: '#ffd400', weight: 9, opacity: 0.8, interactive: false }).addTo(group);
    }
    count.links++;
    L.polyline(ll, { renderer, color: MODE_COLOURS[p.mode], weight: p.mode === 'rail' ? 3 : 2,
                     dashArray: STATUS_DASH[p.status], opacity: p.status === 'closed' ? 0.35 : 0.9 })
      .bindTooltip(`${p.id} ${p.mode}, ${p.status}, ${fmt(p.length_km, 1)} km` +
                   (p.corridors.length ? ' [' + p.corridors.join(', ') + ']' : ''))
      .addTo(group);
  }
  for (const n of state.nodes.values()) {
    const [x, y] = n.lonlat;
    count.posts += !!n.post;
    L.circleMarker([y, x], { renderer, radius: n.post ? 4 : 3, color: n.post ? '#c00' : '#333',
                             weight: 1, fillOpacity: 0.9 })
      .bindTooltip(() => `${n.name}, ${countryLabel(n.country)}: node ${n.id}`)
      .on('click', ev => { L.DomEvent.stopPropagation(ev); pick(n); })
      .addTo(group);
    const city = (n.kinds || []).includes('city');
    labels.push({ ll: [y, x], text: n.name, cls: city ? 'city' : n.post ? 'post' : 'place',
                  rank: city ? 1 : n.post ? 3 : 2, minZoom: city ? 0 : n.post ? 7.5 : 7 });
  }
  if (!state.extent) { // the first view: the network's extent
    state.extent = L.latLngBounds([...state.nodes.values()].map(n => [n.lonlat[1], n.lonlat[0]]));
    state.map.fitBounds(state.extent.pad(0.05));
  }
  group.addTo(state.map);
  state.network = group;
  Object.assign(document.body.dataset, count); // what is drawn, for the test
  state.labelNodes = labels.sort((a, b) => a.rank - b.rank);
  placeLabels();
}

// Labels that avoid each other: the route's own marks first, then cities, places and border
// posts as the zoom allows, each tried right, left, above and below its point and dropped when
// every position overlaps a label already placed.
function placeLabels() {
  if (!state.map || !state.labels || !state.map._loaded) return;
  state.labels.clearLayers();
  const z = state.map.getZoom(), size = state.map.getSize();
  const placed = [];
  const marked = new Set(state.routeMarks.filter(c => c.cls === 'end').map(c => c.text));
  for (const c of [...state.routeMarks, ...state.labelNodes]) {
    if (c.minZoom > z || (c.cls !== 'end' && c.cls !== 'crossing' && marked.has(c.text))) continue;
    const p = state.map.latLngToContainerPoint(c.ll);
    if (p.x < -50 || p.y < -20 || p.x > size.x + 50 || p.y > size.y + 20) continue;
    const w = c.text.length * (c.cls === 'crossing' || c.cls === 'end' ? 7.2 : c.cls === 'city' ? 6.8 : 6.2) + 10, h = 16;
    for (const [dx, dy] of [[7, -h / 2], [-7 - w, -h / 2], [-w / 2, -h - 6], [-w / 2, 6]]) {
      const b = [p.x + dx, p.y + dy, p.x + dx + w, p.y + dy + h];
      if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y ||
          placed.some(q => b[0] < q[2] && b[2] > q[0] && b[1] < q[3] && b[3] > q[1])) continue;
      placed.push(b);
      L.marker(c.ll, { pane: 'labels', interactive: false, keyboard: false,
                       icon: L.divIcon({ className: 'label ' + c.cls, html: escapeHtml(c.text),
                                         iconSize: [w, h], iconAnchor: [-dx, -dy] }) })
        .addTo(state.labels);
      break;
    }
  }
}

// Click-to-pick: the origin first, then the destination (and the route).
function pick(n) {
  showView('tab-route');
  if (state.pickNext === 'from') {
    $('from').value = n.name;
    state.pickNext = 'to';
    say(`origin ${n.name}: now click the destination`);
  } else {
    $('to').value = n.name;
    state.pickNext = 'from';
    say('');
    $('route-form').requestSubmit();
  }
}
function pickNear(pt) {
  let best = null, bd = 15 * 15;
  for (const n of state.nodes.values()) {
    const q = state.map.latLngToContainerPoint([n.lonlat[1], n.lonlat[0]]);
    const d = (q.x - pt.x) ** 2 + (q.y - pt.y) ** 2;
    if (d < bd) { bd = d; best = n; }
  }
  if (best) pick(best);
}

// ---- URL state: the view, so that a link reproduces it ----

function writeUrl(params) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  history.replaceState(null, '', '?' + q.toString());
}
function routeParams() {
  const avoid = [...document.querySelectorAll('#avoid input:checked')].map(i => i.value);
  return { view: 'route', from: $('from').value.trim(), to: $('to').value.trim(), minimize: $('minimize').value,
           scenario: $('scenario').value, alternatives: $('alternatives').value, avoid: avoid.join(','),
           overlay: $('overlay').value };
}

// ---- route ----

function routeQuery(p, scenario, alternatives) {
  return 'route?from=' + encodeURIComponent(p.from) + '&to=' + encodeURIComponent(p.to) +
    '&minimize=' + p.minimize + '&alternatives=' + alternatives +
    (scenario ? '&scenario=' + encodeURIComponent(scenario) : '') + (p.avoid ? '&avoid=' + p.avoid : '');
}

async function doRoute(ev) {
  if (ev) ev.preventDefault();
  say('');
  const p = routeParams();
  writeUrl(p);
  let r, o = null;
  try {
    await loadNetwork(p.scenario);
    [r, o] = await Promise.all([api(routeQuery(p, p.scenario, p.alternatives)),
                                p.overlay && p.overlay !== p.scenario ? api(routeQuery(p, p.overlay, 1)).catch(() => null) : null]);
  } catch (e) {
    say(e.message);
    $('route-result').replaceChildren();
    clearLayer('routesLayer');
    state.routeMarks = [];
    state.marks.clearLayers();
    placeLabels();
    return;
  }
  state.routes = [r, ...r.alternatives];
  state.overlay = o ? { name: p.overlay, route: o } : null;
  state.selected = 0;
  drawRoutes(true);
  showRoutes();
}

function clearLayer(name) {
  if (state[name]) { state.map.removeLayer(state[name]); state[name] = null; }
}

// All routes visible where they share links: the first widest, the next ones narrower on top.
function drawRoutes(fit) {
  clearLayer('routesLayer');
  const group = L.featureGroup();
  state.routes.forEach((r, i) => {
    const ll = [];
    for (const leg of r.legs) {
      const a = state.nodes.get(leg.from_id), b = state.nodes.get(leg.to_id);
      if (!a || !b) continue;
      if (!ll.length) ll.push([a.lonlat[1], a.lonlat[0]]);
      ll.push([b.lonlat[1], b.lonlat[0]]);
    }
    const w = 11 - 3.5 * i;
    L.polyline(ll, { color: '#fff', weight: w + 2, opacity: 0.9, interactive: false }).addTo(group);
    L.polyline(ll, { color: ROUTE_COLOURS[i], weight: w, opacity: i === state.selected ? 1 : 0.75,
                     dashArray: i === 0 ? null : i === 1 ? '14 6' : '5 5',
                     className: 'route route-' + (i + 1) })
      .bindTooltip(`Route ${r.rank}: ${fmt(r.total.km, 0)} km, ${fmt(r.total.hours, 1)} h, ${fmt(r.total.usd, 0)} USD`)
      .addTo(group);
  });
  group.addTo(state.map);
  state.routesLayer = group;
  markRoute();
  if (fit) state.map.fitBounds(group.getBounds().pad(0.15));
}

// Origin and destination markers, the selected route's border crossings with dwell and fee.
function markRoute() {
  state.marks.clearLayers();
  const r = state.routes[state.selected], marks = [];
  const at = id => { const n = state.nodes.get(id); return n ? [n.lonlat[1], n.lonlat[0]] : null; };
  for (const [id, text, cls] of [[r.from.id, 'A', 'od-origin'], [r.to.id, 'B', 'od-destination']]) {
    const ll = at(id);
    if (!ll) continue;
    L.marker(ll, { icon: L.divIcon({ className: 'od-marker ' + cls, html: text, iconSize: [20, 20] }), keyboard: false })
      .bindTooltip(id === r.from.id ? 'origin ' + r.from.name : 'destination ' + r.to.name).addTo(state.marks);
    marks.push({ ll, text: id === r.from.id ? r.from.name : r.to.name, cls: 'end', minZoom: 0 });
  }
  for (const b of r.borders) {
    const ll = at(b.to_node) || at(b.node);
    if (!ll) continue;
    L.circleMarker(ll, { radius: 8, color: '#e07000', weight: 3, fill: false, className: 'route-crossing' })
      .bindTooltip(`border ${countryLabel(b.from_country)} \u2192 ${countryLabel(b.to_country)}: ${b.node_name} \u2192 ${b.to_node_name}`).addTo(state.marks);
    marks.push({ ll, text: `${b.from_country}\u2192${b.to_country} ${fmt(b.hours, 1)} h, ${fmt(b.usd, 0)} USD`, cls: 'crossing', minZoom: 0 });
  }
  for (const t of r.transfers) {
    const ll = at(t.node);
    if (!ll) continue;
    marks.push({ ll, text: `transfer ${fmt(t.hours, 1)} h, ${fmt(t.usd, 0)} USD`, cls: 'crossing', minZoom: 0 });
  }
  state.routeMarks = marks;
  placeLabels();
}

// The steps of a route in the order the shipment meets them: each leg, then the border
// crossing it ends with (its to_node is the leg's end) and the transfers at its end node.
// Running totals are the API's: a leg's cum_hours and cum_usd (docs/json.md); a border or
// transfer row adds its own hours and USD to the row before it, which the next leg's cum_*
// then includes.
function routeSteps(r) {
  const steps = [];
  const borders = r.borders.map(b => ({ kind: 'border', ...b }));
  const transfers = r.transfers.map(t => ({ kind: 'transfer', ...t, mode_from: t.from, mode_to: t.to, tkind: t.kind }));
  let km = 0, h = 0, usd = 0;
  const take = (list, test) => {
    const out = [];
    for (let k = 0; k < list.length;) if (test(list[k])) out.push(...list.splice(k, 1)); else k++;
    return out;
  };
  const delay = d => { steps.push({ ...d, km0: km, h0: h, usd0: usd, cum_hours: h + d.hours, cum_usd: usd + d.usd }); h += d.hours; usd += d.usd; };
  if (r.legs.length) take(transfers, t => t.node === r.legs[0].from_id).forEach(delay);
  for (const leg of r.legs) {
    steps.push({ kind: 'leg', ...leg, km0: km, h0: leg.cum_hours - leg.hours, usd0: leg.cum_usd - leg.usd });
    km += leg.km; h = leg.cum_hours; usd = leg.cum_usd;
    take(borders, b => b.to_node === leg.to_id).forEach(delay);
    take(transfers, t => t.node === leg.to_id).forEach(delay);
  }
  [...borders, ...transfers].forEach(delay); // none expected: anything left after the last leg
  return steps;
}

function legRows(r) {
  let n = 0;
  return routeSteps(r).map(s => s.kind === 'leg'
    ? { kind: 'leg', cells: [++n, s.from, s.to, s.mode + (s.gauge_mm ? ' ' + s.gauge_mm : ''), s.country, s.km, s.hours, s.usd, s.cum_hours, s.cum_usd] }
    : s.kind === 'border'
      ? { kind: 'delay', cells: ['', `border ${s.from_country} \u2192 ${s.to_country}`, `${s.node_name} \u2192 ${s.to_node_name}`, s.mode, '', '', s.hours, s.usd, s.cum_hours, s.cum_usd] }
      : { kind: 'delay', cells: ['', `transfer ${s.mode_from} \u2192 ${s.mode_to}` + (s.tkind === 'gauge' ? ' (gauge)' : ''), s.node_name, '', '', '', s.hours, s.usd, s.cum_hours, s.cum_usd] });
}

function showRoutes() {
  const box = $('route-result');
  box.replaceChildren();
  const first = state.routes[0];
  box.append(el('h2', {}, `${first.from.name} \u2192 ${first.to.name}` +
                (first.query.scenario ? ` (scenario ${first.query.scenario})` : '')));
  state.routes.forEach((r, i) => {
    const d = el('div', { class: 'route-summary' + (i === state.selected ? ' selected' : ''), 'data-rank': r.rank });
    d.append(el('span', { class: 'swatch', style: 'background:' + ROUTE_COLOURS[i] }));
    d.append(document.createTextNode(`Route ${r.rank}: ${fmt(r.total.km, 1)} km, ${fmt(r.total.hours, 1)} h, ` +
      `${fmt(r.total.usd, 2)} USD/shipment, ${r.countries.join(' > ')}`));
    d.addEventListener('click', () => { state.selected = i; drawRoutes(false); showRoutes(); });
    box.append(d);
  });
  if (state.overlay) {
    const o = state.overlay.route;
    box.append(el('div', { class: 'route-summary overlay' }, `Under ${state.overlay.name}: ${fmt(o.total.km, 1)} km, ` +
      `${fmt(o.total.hours, 1)} h, ${fmt(o.total.usd, 2)} USD/shipment, ${o.countries.join(' > ')} (grey on the charts)`));
  }
  const r = state.routes[state.selected];
  const head = el('h2', {}, `Route ${r.rank}, leg by leg`);
  const header = ['#', 'from', 'to', 'mode', 'country', 'km', 'h', 'USD', 'cum h', 'cum USD'];
  const rows = legRows(r);
  head.append(csvButton('CSV', `route-${r.from.id}-${r.to.id}-${r.rank}.csv`, header, rows.map(x => x.cells)));
  box.append(head);
  const t = el('table', { id: 'legs', class: 'compact' });
  t.innerHTML = '<thead><tr>' + header.map((h, k) => `<th${k >= 5 ? ' class="num"' : ''}>${h}</th>`).join('') + '</tr></thead>';
  const tb = el('tbody');
  for (const row of rows) {
    const tr = el('tr', { class: row.kind });
    row.cells.forEach((c, k) => tr.append(el('td', k >= 5 ? { class: 'num' } : {},
      typeof c === 'number' && k >= 5 ? fmt(c, k === 5 ? 1 : 2) : String(c))));
    tb.append(tr);
  }
  t.append(tb);
  const sc = el('div', { class: 'scroll' });
  sc.append(t);
  box.append(sc);
  box.append(el('h2', {}, 'Time/Cost\u2013Distance (UNESCAP TCD)'));
  const series = state.routes.map((x, i) => ({ route: x, colour: ROUTE_COLOURS[i], rank: x.rank, main: i === state.selected }));
  if (state.overlay) series.unshift({ route: state.overlay.route, colour: OVERLAY, rank: 'overlay', main: false, dash: '6 4' });
  box.append(chartBox(tcdChart('time', series), 'tcd-time'));
  box.append(chartBox(tcdChart('cost', series), 'tcd-cost'));
}

// UNESCAP Time/Cost-Distance methodology: cumulative time (or cost) against cumulative
// distance; moving along a link is a sloped segment, a border crossing or a transfer a
// vertical step (time or cost spent without distance), labelled on the main route.
function tcdChart(kind, series, opts) {
  const o = Object.assign({ W: 540, H: 230 }, opts || {});
  const W = o.W, H = o.H, L0 = 54, B0 = 30, T0 = 10, R0 = 28;
  const field = kind === 'time' ? 'hours' : 'usd', cum = kind === 'time' ? 'cum_hours' : 'cum_usd';
  const all = series.map(s => routeSteps(s.route));
  const xt = ticks(Math.max(...series.map(s => s.route.total.km), 1), 5);
  const yt = ticks(Math.max(...series.map(s => s.route.total[field]), 1e-9), 5);
  const x = km => L0 + (W - L0 - R0) * km / xt.top;
  const y = v => H - B0 - (H - B0 - T0) * v / yt.top;
  const s = chartSvg('tcd tcd-' + kind, W, H);
  for (const v of yt.values) {
    s.append(svg('line', { class: 'grid', x1: L0, x2: W - R0, y1: y(v), y2: y(v) }));
    s.append(svg('text', { x: L0 - 4, y: y(v) + 3, 'text-anchor': 'end' }, fmt(v, yt.step < 1 ? 1 : 0)));
  }
  for (const v of xt.values)
    s.append(svg('text', { class: 'xtick', x: x(v), y: H - B0 + 12, 'text-anchor': 'middle' }, fmt(v, 0)));
  s.append(svg('line', { class: 'axis', x1: L0, x2: L0, y1: T0, y2: H - B0 }));
  s.append(svg('line', { class: 'axis', x1: L0, x2: W - R0, y1: H - B0, y2: H - B0 }));
  s.append(svg('text', { x: (L0 + W - R0) / 2, y: H - 3, 'text-anchor': 'middle' }, 'cumulative km'));
  s.append(svg('text', { x: 11, y: (H - B0) / 2, transform: `rotate(-90 11 ${(H - B0) / 2})`, 'text-anchor': 'middle' },
               kind === 'time' ? 'cumulative hours' : 'cumulative USD per shipment'));
  const order = series.map((_, i) => i).sort((a, b) => series[a].main - series[b].main); // main last, on top
  for (const i of order) {
    const sr = series[i];
    const g = svg('g', { class: 'tcd-route' + (sr.rank === 'overlay' ? ' tcd-overlay' : ''), 'data-rank': sr.rank });
    for (const st of all[i]) {
      const v1 = st[cum], v0 = v1 - st[field];
      if (st.kind === 'leg') {
        g.append(svg('line', { class: 'tcd-leg', x1: x(st.km0), y1: y(v0), x2: x(st.km0 + st.km), y2: y(v1),
                               stroke: sr.colour, 'stroke-width': sr.main ? 2.5 : 1.5, 'stroke-dasharray': sr.dash || '' }));
      } else {
        const what = st.kind === 'border' ? `${st.from_country}\u2192${st.to_country}` : 'transfer';
        const step = svg('line', { class: 'tcd-step tcd-' + st.kind, x1: x(st.km0), y1: y(v0), x2: x(st.km0), y2: y(v1),
                                   stroke: sr.colour, 'stroke-width': sr.main ? 4 : 2.5 });
        step.append(svg('title', {}, `${what} at ${st.node_name}: ${fmt(st.hours, 1)} h, ${fmt(st.usd, 0)} USD`));
        g.append(step);
        if (sr.main && st[field] > 0)
          g.append(svg('text', { class: 'lbl tcd-label', x: x(st.km0) + 4, y: y((v0 + v1) / 2) + 3 }, what));
      }
    }
    s.append(g);
  }
  return s;
}

// ---- compare ----

function compareParams() {
  return { view: 'compare', a: $('scen-a').value, b: $('scen-b').value,
           flows: document.querySelector('input[name=flows]:checked').value };
}

async function doCompare(ev) {
  if (ev) ev.preventDefault();
  say('');
  const p = compareParams();
  writeUrl(p);
  try {
    state.compare = await api('compare?a=' + encodeURIComponent(p.a) + '&b=' + encodeURIComponent(p.b));
    await loadNetwork(p.b);
  } catch (e) {
    say(e.message);
    return;
  }
  clearLayer('routesLayer');
  state.marks.clearLayers();
  state.routeMarks = [];
  placeLabels();
  $('flow-toggle').classList.remove('hidden');
  await drawFlows();
  if (state.flows && state.flows.getLayers().length) state.map.fitBounds(state.flows.getBounds().pad(0.1));
  showCompare();
}

// A width legend: three line widths and the tonnes they stand for.
function widthLegend(title, max, width, colours) {
  const d = $('flow-legend');
  if (!d) return;
  let h = `<b>${escapeHtml(title)}</b><br>`;
  for (const f of [1, 0.5, 0.1]) {
    const v = max * f;
    h += `<svg class="w" width="26" height="16"><line x1="0" y1="8" x2="26" y2="8" stroke="#555" stroke-width="${width(v)}"/></svg>${fmt(v, 0)} t/year<br>`;
  }
  for (const [c, t] of colours) h += `<i style="background:${c};height:6px"></i>${t}<br>`;
  d.innerHTML = h;
}

async function drawFlows() {
  clearLayer('flows');
  const c = state.compare, side = document.querySelector('input[name=flows]:checked').value;
  if (state.compare) writeUrl(compareParams());
  const geo = await networkGeo(side === 'a' ? c.a : c.b);
  const links = new Map(geo.features.filter(f => f.properties.kind === 'link').map(f => [f.properties.id, f]));
  const group = L.featureGroup();
  const ll = f => f.geometry.coordinates.map(([x, y]) => [y, x]);
  state.flowLegend.addTo(state.map);
  if (side === 'diff') {
    const max = Math.max(1, ...c.link_changes.map(k => Math.abs(k.change)));
    const width = v => 2 + 14 * Math.abs(v) / max;
    for (const k of c.link_changes) {
      const f = links.get(k.link);
      if (!f) continue;
      const gain = k.change > 0;
      L.polyline(ll(f), { color: gain ? GAIN : LOSS, opacity: 0.8, weight: width(k.change), lineCap: 'butt',
                          className: 'flow flow-diff ' + (gain ? 'gain' : 'loss') + ' link-' + k.link })
        .bindTooltip(`${k.link} ${k.from} \u2192 ${k.to}: ${signed(k.change, 0)} t/year (${fmt(k.a_tonnes, 0)} \u2192 ${fmt(k.b_tonnes, 0)})`)
        .addTo(group);
    }
    widthLegend(`${c.b} \u2212 ${c.a}, t/year`, max, width, [[GAIN, 'gain'], [LOSS, 'loss']]);
  } else {
    const tonnes = side === 'a' ? c.a_link_tonnes : c.b_link_tonnes;
    const max = Math.max(1, ...Object.values(c.a_link_tonnes), ...Object.values(c.b_link_tonnes));
    const width = v => 2 + 16 * v / max;
    for (const [id, t] of Object.entries(tonnes)) {
      const f = links.get(id);
      if (!f) continue;
      L.polyline(ll(f), { color: '#7b2cbf', opacity: 0.7, weight: width(t), className: 'flow flow-' + side })
        .bindTooltip(`${id}: ${fmt(t, 0)} t/year (${side === 'a' ? c.a : c.b})`).addTo(group);
    }
    widthLegend(`flows under ${side === 'a' ? c.a : c.b}`, max, width, [['#7b2cbf', 'tonnes per year']]);
  }
  group.addTo(state.map);
  state.flows = group;
}

function barChart(rows, keyA, keyB, title, cls) {
  const W = 540, rowH = 30, L0 = 34, R0 = 110;
  const H = rows.length * rowH + 24;
  const max = Math.max(1, ...rows.map(r => Math.max(r[keyA], r[keyB])));
  const s = chartSvg('bars ' + cls, W, H);
  s.append(svg('text', { x: 0, y: 11 }, title + ' (A light, B dark)'));
  rows.forEach((r, i) => {
    const y0 = 18 + i * rowH;
    s.append(svg('text', { x: 0, y: y0 + 15 }, r.country));
    [['a', r[keyA], '#9ecae1'], ['b', r[keyB], '#3182bd']].forEach(([which, v, colour], k) => {
      const w = (W - L0 - R0) * v / max;
      const rect = svg('rect', { x: L0, y: y0 + k * 12, width: Math.max(w, 0.5), height: 11, fill: colour,
                                 'data-country': r.country, 'data-side': which, 'data-value': v });
      rect.append(svg('title', {}, `${countryLabel(r.country)} ${which.toUpperCase()}: ${fmt(v, 0)}`));
      s.append(rect);
      s.append(svg('text', { x: L0 + w + 3, y: y0 + k * 12 + 9 }, fmt(v, 0)));
    });
  });
  return s;
}

function showCompare() {
  const c = state.compare, box = $('compare-result');
  box.replaceChildren();
  box.append(el('h2', {}, `${c.a} \u2192 ${c.b}: ${fmt(c.tonnes_total, 0)} t/year of demand, ` +
                          `${c.od_changed} of ${c.od.length} OD flows change route`));
  box.append(el('div', { class: 'summary', id: 'summary' }, c.summary));
  if (c.a_tonnes_routed !== c.tonnes_total || c.b_tonnes_routed !== c.tonnes_total)
    box.append(el('p', {}, `Routed: ${fmt(c.a_tonnes_routed, 0)} t under ${c.a}, ${fmt(c.b_tonnes_routed, 0)} t under ${c.b}.`));

  const header = ['country', `transit t ${c.a}`, `transit t ${c.b}`, 'change t', 'change %',
                  `fees USD ${c.a}`, `fees USD ${c.b}`, 'change USD', 'change %'];
  const raw = c.country_changes.map(r => [r.country, r.a_transit_tonnes, r.b_transit_tonnes, r.transit_tonnes_change,
    r.transit_tonnes_change_pct, r.a_fees_usd, r.b_fees_usd, r.fees_usd_change, r.fees_usd_change_pct]);
  const h = el('h3', {}, 'What changes per country (largest change first)');
  h.append(csvButton('CSV', `compare-${c.a}-${c.b}-countries.csv`, header, raw));
  box.append(h);
  const t = el('table', { id: 'countries', class: 'compact' });
  t.innerHTML = '<thead><tr><th></th><th class="grp" colspan="4">transit tonnes per year</th><th class="grp" colspan="4">fees USD per year (all roles)</th></tr>' +
    '<tr>' + ['country', escapeHtml(c.a), escapeHtml(c.b), 'change', '%', escapeHtml(c.a), escapeHtml(c.b), 'change', '%']
      .map((x, k) => `<th${k ? ' class="num"' : ''}>${x}</th>`).join('') + '</tr></thead>';
  const tb = el('tbody');
  for (const r of c.country_changes) {
    const tr = el('tr', { 'data-country': r.country });
    const cells = [[countryLabel(r.country)], [fmt(r.a_transit_tonnes, 0)], [fmt(r.b_transit_tonnes, 0)],
      [signed(r.transit_tonnes_change, 0), r.transit_tonnes_change], [pct(r.transit_tonnes_change_pct), r.transit_tonnes_change],
      [fmt(r.a_fees_usd, 0)], [fmt(r.b_fees_usd, 0)],
      [signed(r.fees_usd_change, 0), r.fees_usd_change], [pct(r.fees_usd_change_pct), r.fees_usd_change]];
    cells.forEach(([v, d], k) => tr.append(el('td', { class: (k ? 'num' : '') + (d > 0 ? ' up' : d < 0 ? ' down' : '') }, v)));
    tb.append(tr);
  }
  t.append(tb);
  const sc = el('div', { class: 'scroll' });
  sc.append(t);
  box.append(sc);
  if (c.countries_unchanged.length)
    box.append(el('p', { class: 'folded', id: 'unchanged' }, 'No change in transit or fees: ' + c.countries_unchanged.join(', ')));
  const rows = c.country_changes.map(r => ({ country: r.country, ta: r.a_transit_tonnes, tb: r.b_transit_tonnes, fa: r.a_fees_usd, fb: r.b_fees_usd }));
  const tr = rows.filter(r => r.ta || r.tb);
  if (tr.length) box.append(chartBox(barChart(tr, 'ta', 'tb', 'Transit tonnes per year', 'bars-transit'), 'transit'));
  box.append(chartBox(barChart(rows, 'fa', 'fb', 'Fees USD per year (all roles)', 'bars-fees'), 'fees'));

  // OD flows, those whose route changes first, each changed pair with its TCD charts A vs B
  const odHeader = ['from', 'to', 'commodity', 't/year', `countries ${c.a}`, `countries ${c.b}`, `cost/t ${c.a}`, `cost/t ${c.b}`];
  const ods = c.od_by_change.map(i => c.od[i]);
  const h2 = el('h3', {}, `OD flows (main route), the ${c.od_changed} that change first`);
  h2.append(csvButton('CSV', `compare-${c.a}-${c.b}-od.csv`, odHeader, ods.map(f =>
    [f.from, f.to, f.commodity, f.tonnes, (f.a_countries || []).join('>'), (f.b_countries || []).join('>'), f.a_cost_per_t, f.b_cost_per_t])));
  box.append(h2);
  const od = el('table', { id: 'od' });
  od.innerHTML = '<thead><tr>' + odHeader.map((x, k) => `<th${k === 3 || k > 5 ? ' class="num"' : ''}>${escapeHtml(x)}</th>`).join('') + '</tr></thead>';
  const ob = el('tbody');
  for (const f of ods) {
    const tr2 = el('tr', f.changed ? { class: 'changed' } : {});
    [f.from, f.to, f.commodity, fmt(f.tonnes, 0), (f.a_countries || ['none']).join('>'), (f.b_countries || ['none']).join('>'),
     f.a_cost_per_t === null ? '' : fmt(f.a_cost_per_t, 2), f.b_cost_per_t === null ? '' : fmt(f.b_cost_per_t, 2)]
      .forEach((v, k) => tr2.append(el('td', k === 3 || k > 5 ? { class: 'num' } : {}, v)));
    ob.append(tr2);
  }
  od.append(ob);
  const sc2 = el('div', { class: 'scroll' });
  sc2.append(od);
  box.append(sc2);
  const changed = el('div', { id: 'changed-routes' });
  box.append(el('h3', {}, `Changed routes: time/cost\u2013distance, ${c.a} (grey) and ${c.b} (red)`));
  box.append(changed);
  showChangedRoutes(c, ods.filter(f => f.changed), changed);
}

async function showChangedRoutes(c, ods, box) {
  const seen = new Set(), pairs = [];
  for (const f of ods) {
    const k = f.from + '\u0000' + f.to;
    if (!seen.has(k)) { seen.add(k); pairs.push(f); }
  }
  const p = { minimize: 'generalized', avoid: '' };
  for (const f of pairs) {
    let ra, rb;
    try {
      [ra, rb] = await Promise.all([api(routeQuery({ ...p, from: f.from, to: f.to }, c.a, 1)),
                                    api(routeQuery({ ...p, from: f.from, to: f.to }, c.b, 1))]);
    } catch (e) {
      box.append(el('p', {}, `${f.from} \u2192 ${f.to}: ${e.message}`));
      continue;
    }
    if (state.compare !== c) return; // another comparison started meanwhile
    const item = el('div', { class: 'changed-od', 'data-from': f.from, 'data-to': f.to });
    item.append(el('h4', {}, `${f.from} \u2192 ${f.to}: ${ra.countries.join('>')} ${fmt(ra.total.hours, 1)} h \u2192 ` +
                             `${rb.countries.join('>')} ${fmt(rb.total.hours, 1)} h`));
    const series = [{ route: ra, colour: OVERLAY, rank: 'a', main: false, dash: '6 4' },
                    { route: rb, colour: ROUTE_COLOURS[0], rank: 'b', main: true }];
    const two = el('div', { class: 'charts2' });
    two.append(chartBox(tcdChart('time', series, { W: 300, H: 190 }), `tcd-time-${f.from}-${f.to}`),
               chartBox(tcdChart('cost', series, { W: 300, H: 190 }), `tcd-cost-${f.from}-${f.to}`));
    item.append(two);
    box.append(item);
  }
  box.dataset.done = '1';
}

// ---- start ----

function showView(which) {
  for (const [tab, view, res] of [['tab-route', 'route-form', 'route-result'], ['tab-compare', 'compare-form', 'compare-result']]) {
    const on = tab === which;
    $(tab).classList.toggle('active', on);
    $(view).classList.toggle('hidden', !on);
    $(res).classList.toggle('hidden', !on);
  }
  if (which === 'tab-route') { clearLayer('flows'); state.flowLegend.remove(); }
}

async function main() {
  try {
    await initMap();
    const region = fetch('outlines.json').then(r => r.json()); // meanwhile
    const [scen, info, names] = await Promise.all([api('scenarios'), api('network'), api('countries'),
                                                   networkGeo('')]);
    for (const c of names.countries) if (c.name) state.countryNames.set(c.country, c.name);
    for (const id of ['scenario', 'overlay', 'scen-a', 'scen-b']) {
      const s = $(id);
      if (id === 'scenario') s.append(el('option', { value: '' }, '(network as loaded)'));
      if (id === 'overlay') s.append(el('option', { value: '' }, '(none)'));
      for (const sc of scen) s.append(el('option', { value: sc.name, title: sc.description }, sc.name));
    }
    $('scen-a').value = scen.some(s => s.name === 'base') ? 'base' : (scen[0] || {}).name;
    $('scen-b').value = scen.some(s => s.name === 'tripp') ? 'tripp' : (scen[1] || scen[0] || {}).name;
    for (const c of info.countries) {
      const l = el('label');
      l.append(el('input', { type: 'checkbox', value: c.country }), document.createTextNode(' ' + countryLabel(c.country)));
      $('avoid').append(l);
    }
    await loadNetwork('');
    await drawOutlines(region, state.extent);
    suggest($('from'), $('from-list'));
    suggest($('to'), $('to-list'));
    $('route-form').addEventListener('submit', doRoute);
    $('compare-form').addEventListener('submit', doCompare);
    $('tab-route').addEventListener('click', () => showView('tab-route'));
    $('tab-compare').addEventListener('click', () => showView('tab-compare'));
    for (const r of document.querySelectorAll('input[name=flows]')) r.addEventListener('change', drawFlows);
    document.body.dataset.readyMs = performance.now().toFixed(0); // measured by the test
    document.body.dataset.ready = '1';
    await fromUrl();
  } catch (e) {
    say('cannot load the network: ' + e.message);
  }
}

// A shared link: ?view=route&from=..&to=..&scenario=..&minimize=..&alternatives=..&avoid=..&overlay=..
// or ?view=compare&a=..&b=..&flows=diff|a|b
async function fromUrl() {
  const q = new URLSearchParams(location.search);
  const set = (id, k) => { if (q.has(k)) $(id).value = q.get(k); };
  if (q.get('view') === 'route' && q.get('from') && q.get('to')) {
    set('from', 'from'); set('to', 'to'); set('minimize', 'minimize'); set('scenario', 'scenario');
    set('alternatives', 'alternatives'); set('overlay', 'overlay');
    const avoid = (q.get('avoid') || '').split(',');
    for (const i of document.querySelectorAll('#avoid input')) i.checked = avoid.includes(i.value);
    await doRoute();
  } else if (q.get('view') === 'compare') {
    showView('tab-compare');
    set('scen-a', 'a'); set('scen-b', 'b');
    const f = document.querySelector(`input[name=flows][value="${q.get('flows') || 'diff'}"]`);
    if (f) f.checked = true;
    await doCompare();
  }
}

function suggest(input, list) {
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) return;
      try {
        const r = await api('nodes?q=' + encodeURIComponent(q));
        list.replaceChildren(...r.nodes.map(n => el('option', { value: n.name }, `${n.id}, ${n.country}`)));
      } catch (e) { say(e.message); }
    }, 120);
  });
}

main();
