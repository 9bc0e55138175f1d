// OSRM's own clients against corridor serve: leaflet-routing-machine (tests/web/osrm.html) in
// headless Chromium over the Monaco snapshot and over the bundled network, osrm-text-instructions
// on every step, and the decoded polyline6 overview against the GeoJSON one.
// Prints "ok NAME" / "FAIL NAME: why" lines.
// usage: node osrm.test.js MONACO_URL CAUCASUS_URL ARTIFACT_DIR PROFILE_DIR
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');
const polyline = require('@mapbox/polyline');
const instructions = require('osrm-text-instructions')('v5');

const [mc, cau, artifacts, profile] = process.argv.slice(2);
let failed = 0;
function check(name, cond, why) {
  if (cond) console.log('ok ' + name);
  else { failed++; console.log('FAIL ' + name + ': ' + why); }
}
const get = async url => (await fetch(url)).json();

// every step of every leg turned into an English sentence
function sentences(route) {
  const out = [];
  route.legs.forEach((leg, i) => leg.steps.forEach(step =>
    out.push(instructions.compile('en', step, { legCount: route.legs.length, legIndex: i }))));
  return out;
}

async function itinerary(page, base, from, to, name) {
  await page.goto(`${base}/osrm.html?from=${from}&to=${to}`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  const error = await page.evaluate(() => document.body.dataset.error || '');
  check(`${name}: leaflet-routing-machine found a route`, !error, error);
  await page.screenshot({ path: path.join(artifacts, `osrm-${name}.png`) });
  // the first (shown) alternative's instruction rows: text and distance cells
  return page.$$eval('.leaflet-routing-alt:not(.leaflet-routing-alt-minimized) tbody tr',
    rows => rows.map(r => r.innerText.trim()));
}

(async () => {
  // the polyline6 overview decodes to the GeoJSON overview's points, each within the half
  // unit of the 6th decimal that rounding allows
  const M = '7.4197,43.7311;7.4373,43.7485';
  const gj = await get(`${mc}/route/v1/driving/${M}?overview=full&geometries=geojson`);
  const p6 = await get(`${mc}/route/v1/driving/${M}?overview=full&geometries=polyline6`);
  const dec = polyline.decode(p6.routes[0].geometry, 6);
  const want = gj.routes[0].geometry.coordinates;
  const off = want.filter(([lon, lat], i) => !dec[i] || Math.abs(dec[i][0] - lat) > 5.000001e-7 || Math.abs(dec[i][1] - lon) > 5.000001e-7);
  check('polyline6 overview = the GeoJSON points', dec.length === want.length && want.length > 100 && off.length === 0,
    `${dec.length} points against ${want.length}, ${off.length} apart`);

  // osrm-text-instructions: every step of a Monaco route and of Baku -> Kars is a sentence
  const mcr = await get(`${mc}/route/v1/driving/${M}?steps=true`);
  const mcs = sentences(mcr.routes[0]);
  check('osrm-text-instructions: Monaco, every step a sentence', mcs.length >= 5 && mcs.every(s => typeof s === 'string' && s.length > 3), JSON.stringify(mcs));
  check('osrm-text-instructions: Monaco names the streets', mcs.some(s => /Boulevard|Avenue|Rue/.test(s)), JSON.stringify(mcs));
  // a roundabout (exits counted by hand in tests/cli/test_osrm.sh)
  const rbs = sentences((await get(`${mc}/route/v1/driving/7.45180,43.75990;7.45285,43.76045?steps=true`)).routes[0]);
  check('osrm-text-instructions: Monaco, a roundabout and its exit', rbs[1] === 'Enter the roundabout and take the 2nd exit onto Avenue Georges Drin', JSON.stringify(rbs));
  const bk = await get(`${cau}/route/v1/driving/49.892,40.378;43.1,40.6?steps=true`);
  const bks = sentences(bk.routes[0]);
  check('osrm-text-instructions: Baku -> Kars, every step a sentence', bks.length >= 3 && bks.every(s => typeof s === 'string' && s.length > 3), JSON.stringify(bks));
  const borders = bk.routes[0].legs[0].steps.filter(s => s.maneuver.type === 'notification' && s.corridor.kind === 'border');
  check('osrm-text-instructions: Baku -> Kars, a sentence per border crossing',
    borders.length > 0 && bks.filter(s => /border [A-Z]{2} -> [A-Z]{2}/.test(s)).length === borders.length, JSON.stringify(bks));

  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false, // the flags below ask for Chromium's own (new) headless mode
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  const errors = [];
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  try {
    const rows = await itinerary(page, mc, '43.7311,7.4197', '43.7485,7.4373', 'monaco');
    check('monaco: the itinerary lists at least 5 instructions', rows.length >= 5, JSON.stringify(rows));
    check('monaco: the route is drawn', await page.locator('.leaflet-overlay-pane path').count() > 0, 'no path');
    check('monaco: instructions name the streets', rows.some(r => /Boulevard|Avenue/.test(r)), JSON.stringify(rows));
    // the bundled network: Baku -> Kars by road lists each border crossing as an instruction
    const crows = await itinerary(page, cau, '40.378,49.892', '40.6,43.1', 'caucasus');
    const shown = crows.filter(r => /border [A-Z]{2} -> [A-Z]{2}/.test(r));
    check('caucasus: every border crossing is an instruction of the itinerary',
      shown.length > 0 && shown.length === borders.length, JSON.stringify(crows));
    check('no page errors', errors.length === 0, errors.join('; '));
  } catch (e) {
    check('page run', false, String(e));
  } finally {
    await ctx.close();
  }
  process.exit(failed ? 1 : 0);
})();
