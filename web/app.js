// corridor map page: loads the network and scenarios from `corridor serve`, routes between two
// nodes (legs, Time/Cost-Distance charts after UNESCAP) and compares two scenarios (flow map,
// transit tonnes and fees per country). Plain browser JavaScript, no build step.
'use strict';

const API = 'corridor/v1/';
const ROUTE_COLOURS = ['#d62728', '#1f77b4', '#2ca02c'];
const MODE_COLOURS = { rail: '#5b3a29', road: '#e08a00', sea: '#1f5fa8', ferry: '#3a8fd6',
                       pipeline: '#888', power: '#aaa', fibre: '#bbb' };
const STATUS_DASH = { operating: null, construction: '8 5', planned: '2 5', closed: '1 8' };
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = { nodes: new Map(), map: null, network: null, routes: null, flows: null,
                compare: null, selected: 0 };

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
function say(text) { $('message').textContent = text || ''; }

async function api(path) {
  const r = await fetch(API + path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || ('HTTP ' + r.status));
  return body;
}

// ---- map ----

async function initMap() {
  const map = L.map('map', { zoomSnap: 0.25, preferCanvas: false }).setView([40.5, 45.5], 6);
  state.map = map;
  map.createPane('countries').style.zIndex = 200;
  // no tile server offline: the base map is Natural Earth country outlines (world-atlas)
  const topo = await (await fetch('vendor/world-atlas/countries-50m.json')).json();
  L.geoJSON(topojson.feature(topo, topo.objects.countries), {
    pane: 'countries', interactive: false,
    style: { color: '#999', weight: 0.8, fillColor: '#f4f1e8', fillOpacity: 1 },
  }).addTo(map);
  const legend = L.control({ position: 'bottomright' });
  legend.onAdd = () => {
    const d = el('div', { class: 'legend' });
    for (const m of ['rail', 'road', 'sea', 'ferry'])
      d.innerHTML += `<i style="background:${MODE_COLOURS[m]}"></i>${m}<br>`;
    d.innerHTML += '<i style="background:#ffd400;height:7px"></i>TRIPP<br>' +
      'dashed: construction, dotted: planned<br>' +
      '<span style="color:#c00">&#9679;</span> border post';
    return d;
  };
  legend.addTo(map);
}

async function loadNetwork(scenario) {
  const q = scenario ? '?scenario=' + encodeURIComponent(scenario) : '';
  const geo = await api('network.geojson' + q);
  if (state.network) state.map.removeLayer(state.network);
  const group = L.layerGroup();
  for (const f of geo.features) {
    const p = f.properties;
    if (p.kind === 'node') {
      state.nodes.set(p.id, { name: p.name, lonlat: f.geometry.coordinates });
      continue;
    }
    if (!MODE_COLOURS[p.mode] || ['pipeline', 'power', 'fibre'].includes(p.mode)) continue;
    const ll = f.geometry.coordinates.map(([x, y]) => [y, x]);
    if (p.corridors.includes('tripp'))
      L.polyline(ll, { color: '#ffd400', weight: 9, opacity: 0.8, className: 'tripp' }).addTo(group);
    L.polyline(ll, { color: MODE_COLOURS[p.mode], weight: p.mode === 'rail' ? 3 : 2,
                     dashArray: STATUS_DASH[p.status], opacity: p.status === 'closed' ? 0.35 : 0.9,
                     className: 'link link-' + p.mode + ' status-' + p.status })
      .bindTooltip(`${p.id} ${p.mode}, ${p.status}, ${fmt(p.length_km, 1)} km` +
                   (p.corridors.length ? ' [' + p.corridors.join(', ') + ']' : ''))
      .addTo(group);
  }
  for (const f of geo.features) {
    const p = f.properties;
    if (p.kind !== 'node') continue;
    const [x, y] = f.geometry.coordinates;
    L.circleMarker([y, x], { radius: p.border_post ? 4 : 2.5, color: p.border_post ? '#c00' : '#333',
                             weight: 1, fillOpacity: 0.9, className: p.border_post ? 'border-post' : 'node' })
      .bindTooltip(`${p.name} (${p.id}, ${p.country})`).addTo(group);
  }
  group.addTo(state.map);
  state.network = group;
}

// ---- search boxes ----

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

// ---- route ----

function scenarioParam(id) {
  const v = $(id).value;
  return v ? '&scenario=' + encodeURIComponent(v) : '';
}

async function doRoute(ev) {
  ev.preventDefault();
  say('');
  const avoid = [...document.querySelectorAll('#avoid input:checked')].map(i => i.value);
  const q = 'route?from=' + encodeURIComponent($('from').value.trim()) +
    '&to=' + encodeURIComponent($('to').value.trim()) +
    '&minimize=' + $('minimize').value + '&alternatives=' + $('alternatives').value +
    scenarioParam('scenario') + (avoid.length ? '&avoid=' + avoid.join(',') : '');
  let r;
  try {
    await loadNetwork($('scenario').value);
    r = await api(q);
  } catch (e) {
    say(e.message);
    $('route-result').replaceChildren();
    clearLayer('routes');
    return;
  }
  state.routes = [r, ...r.alternatives];
  state.selected = 0;
  drawRoutes();
  showRoutes();
}

function clearLayer(name) {
  if (state[name]) { state.map.removeLayer(state[name]); state[name] = null; }
}

function drawRoutes() {
  clearLayer('routesLayer');
  const group = L.featureGroup();
  state.routes.forEach((r, i) => {
    for (const leg of r.legs) {
      const a = state.nodes.get(leg.from_id), b = state.nodes.get(leg.to_id);
      if (!a || !b) continue;
      L.polyline([[a.lonlat[1], a.lonlat[0]], [b.lonlat[1], b.lonlat[0]]],
                 { color: ROUTE_COLOURS[i], weight: i === state.selected ? 7 : 4, opacity: 0.85,
                   className: 'route route-' + (i + 1) }).addTo(group);
    }
  });
  group.addTo(state.map);
  state.routesLayer = group;
  state.map.fitBounds(group.getBounds().pad(0.2));
}

// The steps of a route in order: legs, with the border crossings and transfers that happen
// between them. A leg's cum_hours includes the border and transfer steps before its end
// (docs/json.md), so the delay before leg i is cum_hours[i] - cum_hours[i-1] - hours[i]; the
// border or transfer records at the node where leg i-1 ends fill that gap.
function routeSteps(r) {
  const steps = [];
  const borders = [...r.borders], transfers = [...r.transfers];
  let km = 0, h = 0, usd = 0;
  const takeAt = (nodeId) => {
    const out = [];
    for (let k = 0; k < borders.length;) {
      if (borders[k].node === nodeId || borders[k].to_node === nodeId) out.push({ kind: 'border', ...borders.splice(k, 1)[0] });
      else k++;
    }
    for (let k = 0; k < transfers.length;) {
      if (transfers[k].node === nodeId) out.push({ kind: 'transfer', ...transfers.splice(k, 1)[0] });
      else k++;
    }
    return out;
  };
  r.legs.forEach((leg, i) => {
    if (i > 0) {
      for (const d of takeAt(r.legs[i - 1].to_id)) {
        steps.push({ ...d, km0: km, h0: h, usd0: usd });
        h += d.hours; usd += d.usd;
      }
    } else {
      for (const d of takeAt(leg.from_id)) { // a transfer at the origin
        steps.push({ ...d, km0: km, h0: h, usd0: usd });
        h += d.hours; usd += d.usd;
      }
    }
    steps.push({ kind: 'leg', ...leg, km0: km, h0: h, usd0: usd });
    km += leg.km; h += leg.hours; usd += leg.usd;
  });
  for (const d of [...borders.map(b => ({ kind: 'border', ...b })), ...transfers.map(t => ({ kind: 'transfer', ...t }))]) {
    steps.push({ ...d, km0: km, h0: h, usd0: usd }); // anything left: after the last leg
    h += d.hours; usd += d.usd;
  }
  return steps;
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
    d.addEventListener('click', () => { state.selected = i; drawRoutes(); showRoutes(); });
    box.append(d);
  });
  const r = state.routes[state.selected];
  box.append(el('h2', {}, `Route ${r.rank}, leg by leg`));
  const t = el('table', { id: 'legs' });
  t.innerHTML = '<thead><tr><th>#</th><th>from</th><th>to</th><th>mode</th><th>country</th>' +
    '<th class="num">km</th><th class="num">h</th><th class="num">USD</th><th class="num">cum h</th>' +
    '<th class="num">cum USD</th></tr></thead>';
  const tb = el('tbody');
  let n = 0;
  for (const s of routeSteps(r)) {
    const tr = el('tr', { class: s.kind === 'leg' ? 'leg' : 'delay' });
    const cells = s.kind === 'leg'
      ? [++n, s.from, s.to, s.mode + (s.gauge_mm ? ' ' + s.gauge_mm : ''), s.country, fmt(s.km, 1), fmt(s.hours, 2), fmt(s.usd, 2), fmt(s.cum_hours, 2), fmt(s.cum_usd, 2)]
      : s.kind === 'border'
        ? ['', `border ${s.from_country} \u2192 ${s.to_country}`, `${s.node_name} \u2192 ${s.to_node_name}`, s.mode, '', '', fmt(s.hours, 2), fmt(s.usd, 2), fmt(s.h0 + s.hours, 2), fmt(s.usd0 + s.usd, 2)]
        : ['', `${s.kind === 'transfer' ? s.kind : ''} ${s.from} \u2192 ${s.to}`, s.node_name, '', '', '', fmt(s.hours, 2), fmt(s.usd, 2), fmt(s.h0 + s.hours, 2), fmt(s.usd0 + s.usd, 2)];
    cells.forEach((c, k) => tr.append(el('td', k >= 5 ? { class: 'num' } : {}, String(c))));
    tb.append(tr);
  }
  t.append(tb);
  box.append(t);
  box.append(el('h2', {}, 'Time/Cost\u2013Distance (UNESCAP TCD)'));
  box.append(tcdChart('time', 'hours', 'h0', 'cumulative hours'));
  box.append(tcdChart('cost', 'usd', 'usd0', 'cumulative USD per shipment'));
}

// UNESCAP Time/Cost-Distance methodology: cumulative time (or cost) against cumulative
// distance; moving along a link is a sloped segment, a border crossing or a transfer a
// vertical step (time or cost spent without distance).
function tcdChart(kind, field, start, label) {
  const W = 430, H = 190, L0 = 52, B0 = 26, T0 = 8, R0 = 10;
  const all = state.routes.map(routeSteps);
  const maxKm = Math.max(...state.routes.map(r => r.total.km), 1);
  const maxY = Math.max(...state.routes.map(r => field === 'hours' ? r.total.hours : r.total.usd), 1e-9);
  const x = km => L0 + (W - L0 - R0) * km / maxKm;
  const y = v => H - B0 - (H - B0 - T0) * v / maxY;
  const s = svg('svg', { class: 'tcd tcd-' + kind, width: W, height: H, viewBox: `0 0 ${W} ${H}` });
  for (let k = 0; k <= 4; k++) {
    const v = maxY * k / 4, km = maxKm * k / 4;
    s.append(svg('line', { class: 'grid', x1: L0, x2: W - R0, y1: y(v), y2: y(v) }));
    s.append(svg('text', { x: L0 - 4, y: y(v) + 3, 'text-anchor': 'end' }, fmt(v, v < 10 ? 1 : 0)));
    s.append(svg('text', { x: x(km), y: H - B0 + 12, 'text-anchor': 'middle' }, fmt(km, 0)));
  }
  s.append(svg('line', { class: 'axis', x1: L0, x2: L0, y1: T0, y2: H - B0 }));
  s.append(svg('line', { class: 'axis', x1: L0, x2: W - R0, y1: H - B0, y2: H - B0 }));
  s.append(svg('text', { x: (L0 + W) / 2, y: H - 2, 'text-anchor': 'middle' }, 'cumulative km'));
  s.append(svg('text', { x: 10, y: (H - B0) / 2, transform: `rotate(-90 10 ${(H - B0) / 2})`, 'text-anchor': 'middle' }, label));
  // the selected route last, on top
  const order = all.map((_, i) => i).filter(i => i !== state.selected).concat([state.selected]);
  for (const i of order) {
    const g = svg('g', { class: 'tcd-route', 'data-rank': state.routes[i].rank });
    for (const st of all[i]) {
      const v0 = st[start], v1 = v0 + st[field];
      if (st.kind === 'leg') {
        g.append(svg('line', { class: 'tcd-leg', x1: x(st.km0), y1: y(v0), x2: x(st.km0 + st.km), y2: y(v1),
                               stroke: ROUTE_COLOURS[i], 'stroke-width': i === state.selected ? 2.5 : 1.5 }));
      } else {
        const step = svg('line', { class: 'tcd-step tcd-' + st.kind, x1: x(st.km0), y1: y(v0), x2: x(st.km0), y2: y(v1),
                                   stroke: ROUTE_COLOURS[i], 'stroke-width': i === state.selected ? 4 : 2.5 });
        step.append(svg('title', {}, st.kind === 'border'
          ? `border ${st.from_country}\u2192${st.to_country} at ${st.node_name}: ${fmt(st.hours, 1)} h, ${fmt(st.usd, 0)} USD`
          : `transfer at ${st.node_name}: ${fmt(st.hours, 1)} h, ${fmt(st.usd, 0)} USD`));
        g.append(step);
      }
    }
    s.append(g);
  }
  return s;
}

// ---- compare ----

async function doCompare(ev) {
  ev.preventDefault();
  say('');
  const a = $('scen-a').value, b = $('scen-b').value;
  try {
    state.compare = await api('compare?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b));
    await loadNetwork(b);
  } catch (e) {
    say(e.message);
    return;
  }
  $('flow-toggle').classList.remove('hidden');
  drawFlows();
  showCompare();
}

function drawFlows() {
  clearLayer('flows');
  clearLayer('routesLayer');
  const c = state.compare;
  const side = document.querySelector('input[name=flows]:checked').value;
  const tonnes = side === 'a' ? c.a_link_tonnes : c.b_link_tonnes;
  const max = Math.max(1, ...Object.values(c.a_link_tonnes), ...Object.values(c.b_link_tonnes));
  const group = L.featureGroup();
  api('network.geojson?scenario=' + encodeURIComponent(side === 'a' ? c.a : c.b)).then(geo => {
    for (const f of geo.features) {
      const p = f.properties;
      if (p.kind !== 'link' || !tonnes[p.id]) continue;
      const ll = f.geometry.coordinates.map(([x, y]) => [y, x]);
      L.polyline(ll, { color: '#7b2cbf', opacity: 0.7, weight: 2 + 16 * tonnes[p.id] / max, className: 'flow' })
        .bindTooltip(`${p.id}: ${fmt(tonnes[p.id], 0)} t/year (${side === 'a' ? c.a : c.b})`).addTo(group);
    }
    group.addTo(state.map);
    state.flows = group;
  }).catch(e => say(e.message));
}

function barChart(rows, keyA, keyB, title, cls) {
  const W = 430, rowH = 30, L0 = 34, R0 = 70;
  const H = rows.length * rowH + 24;
  const max = Math.max(1, ...rows.map(r => Math.max(r.a[keyA], r.b[keyB])));
  const s = svg('svg', { class: 'bars ' + cls, width: W, height: H, viewBox: `0 0 ${W} ${H}` });
  s.append(svg('text', { x: 0, y: 11 }, title + ' (A light, B dark)'));
  rows.forEach((r, i) => {
    const y0 = 18 + i * rowH;
    s.append(svg('text', { x: 0, y: y0 + 15 }, r.country));
    [['a', r.a[keyA], '#9ecae1'], ['b', r.b[keyB], '#3182bd']].forEach(([which, v, colour], k) => {
      const w = (W - L0 - R0) * v / max;
      const rect = svg('rect', { x: L0, y: y0 + k * 12, width: Math.max(w, 0.5), height: 11, fill: colour,
                                 'data-country': r.country, 'data-side': which, 'data-value': v });
      rect.append(svg('title', {}, `${r.country} ${which.toUpperCase()}: ${fmt(v, 0)}`));
      s.append(rect);
      s.append(svg('text', { x: L0 + w + 3, y: y0 + k * 12 + 9 }, fmt(v, 0)));
    });
  });
  return s;
}

function showCompare() {
  const c = state.compare, box = $('compare-result');
  box.replaceChildren();
  box.append(el('h2', {}, `${c.a} vs ${c.b}: ${fmt(c.tonnes_total, 0)} t/year ` +
                          `(routed ${fmt(c.a_tonnes_routed, 0)} vs ${fmt(c.b_tonnes_routed, 0)})`));
  const t = el('table', { id: 'countries' });
  t.innerHTML = `<thead><tr><th>country</th><th class="num">transit t ${c.a}</th><th class="num">transit t ${c.b}</th>` +
    `<th class="num">fees USD ${c.a}</th><th class="num">fees USD ${c.b}</th></tr></thead>`;
  const tb = el('tbody');
  for (const r of c.countries) {
    const tr = el('tr', { 'data-country': r.country });
    [r.country, fmt(r.a.transit_tonnes, 0), fmt(r.b.transit_tonnes, 0), fmt(r.a.fees_usd, 0), fmt(r.b.fees_usd, 0)]
      .forEach((v, k) => tr.append(el('td', k ? { class: 'num' } : {}, v)));
    tb.append(tr);
  }
  t.append(tb);
  box.append(t);
  const rows = c.countries.filter(r => r.a.transit_tonnes || r.b.transit_tonnes || r.a.fees_usd || r.b.fees_usd);
  box.append(barChart(rows, 'transit_tonnes', 'transit_tonnes', 'Transit tonnes per year', 'bars-transit'));
  box.append(barChart(rows, 'fees_usd', 'fees_usd', 'Fees USD per year (all roles)', 'bars-fees'));
  const od = el('table', { id: 'od' });
  od.innerHTML = '<thead><tr><th>from</th><th>to</th><th class="num">t/year</th><th>A</th><th>B</th></tr></thead>';
  const ob = el('tbody');
  for (const f of c.od) {
    const tr = el('tr', f.changed ? { class: 'changed' } : {});
    [f.from, f.to, fmt(f.tonnes, 0), (f.a_countries || ['none']).join('>'), (f.b_countries || ['none']).join('>')]
      .forEach((v, k) => tr.append(el('td', k === 2 ? { class: 'num' } : {}, v)));
    ob.append(tr);
  }
  od.append(ob);
  box.append(el('h2', {}, 'OD flows (main route)'));
  box.append(od);
}

// ---- start ----

function showView(which) {
  for (const [tab, view, res] of [['tab-route', 'route-form', 'route-result'], ['tab-compare', 'compare-form', 'compare-result']]) {
    const on = tab === which;
    $(tab).classList.toggle('active', on);
    $(view).classList.toggle('hidden', !on);
    $(res).classList.toggle('hidden', !on);
  }
  if (which === 'tab-route') clearLayer('flows');
}

async function main() {
  try {
    await initMap();
    const [scen, info] = await Promise.all([api('scenarios'), api('network')]);
    for (const id of ['scenario', 'scen-a', 'scen-b']) {
      const s = $(id);
      if (id === 'scenario') s.append(el('option', { value: '' }, '(network as loaded)'));
      for (const sc of scen) s.append(el('option', { value: sc.name, title: sc.description }, sc.name));
    }
    $('scen-a').value = scen.some(s => s.name === 'base') ? 'base' : (scen[0] || {}).name;
    $('scen-b').value = scen.some(s => s.name === 'tripp') ? 'tripp' : (scen[1] || scen[0] || {}).name;
    for (const c of info.countries) {
      const l = el('label');
      l.append(el('input', { type: 'checkbox', value: c.country }), document.createTextNode(' ' + c.country));
      $('avoid').append(l);
    }
    await loadNetwork('');
    suggest($('from'), $('from-list'));
    suggest($('to'), $('to-list'));
    $('route-form').addEventListener('submit', doRoute);
    $('compare-form').addEventListener('submit', doCompare);
    $('tab-route').addEventListener('click', () => showView('tab-route'));
    $('tab-compare').addEventListener('click', () => showView('tab-compare'));
    for (const r of document.querySelectorAll('input[name=flows]')) r.addEventListener('change', drawFlows);
    document.body.dataset.ready = '1';
  } catch (e) {
    say('cannot load the network: ' + e.message);
  }
}
main();
