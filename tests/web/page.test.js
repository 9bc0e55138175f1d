// The map page in headless Chromium (playwright-core driving /usr/bin/chromium): loads without
// console errors, routes Baku -> Nakhchivan under tripp (legs and TCD steps as the API says),
// compares base and tripp (country bars). Prints "ok NAME" / "FAIL NAME: why" lines.
// usage: node page.test.js BASE_URL ARTIFACT_DIR PROFILE_DIR
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

const [base, artifacts, profile] = process.argv.slice(2);
let failed = 0;
function check(name, cond, why) {
  if (cond) console.log('ok ' + name);
  else { failed++; console.log('FAIL ' + name + ': ' + why); }
}
function eq(name, want, got) {
  check(name, JSON.stringify(want) === JSON.stringify(got), `expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
}

(async () => {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false, // the flags below ask for Chromium's own (new) headless mode
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1700 },
  });
  const errors = [];
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  try {
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    check('page: country outlines drawn', await page.locator('.leaflet-overlay-pane path').count() > 100, 'few paths');
    check('page: TRIPP highlighted', await page.locator('path.tripp').count() > 0, 'no path.tripp');
    check('page: border posts', await page.locator('path.border-post').count() > 10, 'few border posts');

    // route Baku -> Nakhchivan under tripp, as the API answers it
    const api = await (await fetch(base + '/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=tripp&minimize=generalized&alternatives=3')).json();
    await page.fill('#from', 'Baku');
    await page.fill('#to', 'Nakhchivan');
    await page.selectOption('#scenario', 'tripp');
    await page.click('#go');
    await page.waitForSelector('#legs tbody tr.leg', { timeout: 20000 });
    const shown = await page.$$eval('#legs tbody tr.leg', rows => rows.map(r => [r.cells[1].textContent, r.cells[2].textContent]));
    eq('route: legs from/to as the API', api.legs.map(l => [l.from, l.to]), shown);
    check('route: through Meghri', shown.some(([, to]) => to === 'Meghri'), 'no leg to Meghri');
    const delays = await page.$$eval('#legs tbody tr.delay', rows => rows.map(r => r.cells[1].textContent));
    eq('route: border rows', ['border AZ \u2192 AM', 'border AM \u2192 AZ'], delays);
    const routes = [api, ...api.alternatives];
    eq('route: one summary per route', routes.length, await page.locator('.route-summary').count());
    eq('route: drawn on the map', routes.length, await page.evaluate(() => new Set([...document.querySelectorAll('path.route')].map(p => p.getAttribute('class').match(/route-\d/)[0])).size));
    // TCD: a vertical step per border crossing and transfer of each route
    for (const kind of ['time', 'cost']) {
      const steps = await page.$$eval(`svg.tcd-${kind} g.tcd-route[data-rank="1"] line.tcd-step`, ls => ls.map(l => [l.getAttribute('x1'), l.getAttribute('x2'), +l.getAttribute('y1') - +l.getAttribute('y2')]));
      eq(`tcd ${kind}: steps of route 1 = borders + transfers`, api.borders.length + api.transfers.length, steps.length);
      check(`tcd ${kind}: steps are vertical and go up`, steps.every(([x1, x2, dy]) => x1 === x2 && dy > 0), JSON.stringify(steps));
      const all = await page.locator(`svg.tcd-${kind} line.tcd-step`).count();
      eq(`tcd ${kind}: steps of all routes`, routes.reduce((n, r) => n + r.borders.length + r.transfers.length, 0), all);
      eq(`tcd ${kind}: sloped segments = legs`, api.legs.length, await page.locator(`svg.tcd-${kind} g.tcd-route[data-rank="1"] line.tcd-leg`).count());
    }
    await page.screenshot({ path: path.join(artifacts, 'web-route.png') });
    await page.locator('#route-result').screenshot({ path: path.join(artifacts, 'web-route-panel.png') });

    // compare base and tripp
    const cmp = await (await fetch(base + '/corridor/v1/compare?a=base&b=tripp')).json();
    await page.click('#tab-compare');
    await page.selectOption('#scen-a', 'base');
    await page.selectOption('#scen-b', 'tripp');
    await page.click('#compare');
    await page.waitForSelector('svg.bars-transit rect[data-country="AM"]', { timeout: 20000 });
    const am = cmp.countries.find(c => c.country === 'AM');
    eq('compare: AM transit bars (A, B) = API', [am.a.transit_tonnes, am.b.transit_tonnes],
       await page.$$eval('svg.bars-transit rect[data-country="AM"]', rs => rs.map(r => +r.getAttribute('data-value'))));
    eq('compare: AM fee bars = API', [am.a.fees_usd, am.b.fees_usd],
       await page.$$eval('svg.bars-fees rect[data-country="AM"]', rs => rs.map(r => +r.getAttribute('data-value'))));
    const ir = cmp.countries.find(c => c.country === 'IR');
    const w = await page.$$eval('svg.bars-transit rect[data-country="IR"]', rs => rs.map(r => +r.getAttribute('width')));
    check('compare: IR loses its transit under tripp (bar B shorter)', ir.b.transit_tonnes < ir.a.transit_tonnes && w[1] < w[0], JSON.stringify(w));
    eq('compare: a table row per country', cmp.countries.map(c => c.country), await page.$$eval('#countries tbody tr', rs => rs.map(r => r.dataset.country)));
    await page.waitForSelector('path.flow', { timeout: 20000 });
    eq('compare: flow lines = links with tonnes under B', Object.keys(cmp.b_link_tonnes).length, await page.locator('path.flow').count());
    await page.screenshot({ path: path.join(artifacts, 'web-compare.png') });
    await page.locator('#compare-result').screenshot({ path: path.join(artifacts, 'web-compare-panel.png') });
    eq('page: no console errors', [], errors);
  } catch (e) {
    failed++;
    console.log('FAIL page: ' + (e && e.stack || e));
    await page.screenshot({ path: path.join(artifacts, 'web-failure.png') }).catch(() => {});
  } finally {
    await ctx.close();
  }
  process.exit(failed ? 1 : 0);
})();
