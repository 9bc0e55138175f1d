// Cuts the country outlines of world-atlas (Natural Earth 1:50m, public domain) to a region and
// writes them as a small GeoJSON file for the map page, instead of the 756 KB world file.
// usage: node scripts/outlines.js WEST SOUTH EAST NORTH OUT.json
// web/outlines.json is `node scripts/outlines.js 20 30 62 50 web/outlines.json` (the bundled
// network's extent, 26.4-53.0 E and 36.3-43.7 N, with room to pan); `make` gzips it for the
// server. Coordinates are rounded to 0.01 degrees (about 1 km, under a pixel below zoom 8).
'use strict';
const fs = require('fs');
const path = require('path');
const topojson = require('topojson-client');

const args = process.argv.slice(2);
if (args.length !== 5 || args.slice(0, 4).some(a => !Number.isFinite(+a))) {
  console.error('usage: node scripts/outlines.js WEST SOUTH EAST NORTH OUT.json');
  process.exit(2);
}
const [W, S, E, N] = args.slice(0, 4).map(Number);
const out = args[4];
const src = path.join(__dirname, '..', 'node_modules', 'world-atlas', 'countries-50m.json');
const topo = JSON.parse(fs.readFileSync(src, 'utf8'));

// Sutherland-Hodgman: a ring clipped by the four half-planes of the box in turn.
function clip(ring) {
  const edges = [
    [p => p[0] >= W, (a, b) => cut(a, b, 0, W)],
    [p => p[0] <= E, (a, b) => cut(a, b, 0, E)],
    [p => p[1] >= S, (a, b) => cut(a, b, 1, S)],
    [p => p[1] <= N, (a, b) => cut(a, b, 1, N)],
  ];
  let pts = ring;
  for (const [inside, at] of edges) {
    const next = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i], b = pts[(i + 1) % pts.length];
      if (inside(a)) {
        next.push(a);
        if (!inside(b)) next.push(at(a, b));
      } else if (inside(b)) {
        next.push(at(a, b));
      }
    }
    pts = next;
    if (!pts.length) break;
  }
  return pts;
}
function cut(a, b, k, v) {
  const t = (v - a[k]) / (b[k] - a[k]);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}
function round(ring) {
  const r = [];
  for (const p of ring) {
    const q = [Math.round(p[0] * 100) / 100, Math.round(p[1] * 100) / 100];
    const last = r[r.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) r.push(q);
  }
  if (r.length) r.push(r[0]); // GeoJSON rings are closed
  return r;
}

const features = [];
for (const f of topojson.feature(topo, topo.objects.countries).features) {
  if (!f.geometry) continue;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = [];
  for (const poly of polys) {
    const rings = poly.map(r => round(clip(r.slice(0, -1))));
    if (rings[0].length >= 4) // the outer ring; holes lie inside it
      kept.push(rings.filter(r => r.length >= 4));
  }
  if (kept.length)
    features.push({ type: 'Feature', properties: { name: f.properties.name },
                    geometry: { type: 'MultiPolygon', coordinates: kept } });
}
const doc = { type: 'FeatureCollection', bbox: [W, S, E, N],
              source: 'Natural Earth 1:50m country outlines via world-atlas 2.0.2, cut to the box by scripts/outlines.js',
              features };
fs.writeFileSync(out, JSON.stringify(doc) + '\n');
console.log(`${out}: ${features.length} countries, ${fs.statSync(out).size} bytes`);
