// The map page in headless Chromium (playwright-core driving /usr/bin/chromium), at 1400x900
// and 390x844: loads without console errors or sideways scrolling, in at most 300 KB; routes
// Baku -> Nakhchivan (legs, running totals, crossings, TCD steps as the API says), reproduces
// a route from its URL, exports CSV and SVG; compares base and tripp (summary, change table in
// the order of compare's country_changes, difference map with the TRIPP links as gains, the
// changed routes' charts). Prints "ok NAME" / "FAIL NAME: why" lines; screenshots go to
// ARTIFACT_DIR. usage: node page.test.js BASE_URL ARTIFACT_DIR PROFILE_DIR
'use strict';
const { result, check, eq, launch } = require('./lib');
const fs = require('fs');
const path = require('path');

const [base, artifacts, profile] = process.argv.slice(2);
const num = s => +String(s).replace(/,/g, '').replace('\u2212', '-');
async function getJson(p) { return (await fetch(base + p)).json(); }

// layout checks of the page as it stands
async function layout(page, name) {
  const m = await page.evaluate(() => {
    const r = document.getElementById('map').getBoundingClientRect();
    return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, w: r.width, h: r.height,
             ih: window.innerHeight };
  });
  check(`${name}: no horizontal overflow`, m.sw <= m.iw, `scrollWidth ${m.sw} > ${m.iw}`);
  check(`${name}: map at least 300 px wide and tall`, m.w >= 300 && m.h >= 300, `${m.w} x ${m.h}`);
  return m;
}

// no two visible map labels overlap
async function labelsApart(page, name) {
  const boxes = await page.$$eval('.leaflet-labels-pane .label', ls => ls.map(l => {
    const r = l.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom, l.textContent];
  }));
  const clash = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a[0] < b[2] - 1 && a[2] > b[0] + 1 && a[1] < b[3] - 1 && a[3] > b[1] + 1) clash.push(a[4] + ' / ' + b[4]);
    }
  check(`${name}: labels shown`, boxes.length >= 5, `${boxes.length} labels`);
  eq(`${name}: no two labels overlap`, [], clash.slice(0, 5));
  return boxes.map(b => b[4]);
}

// the whole of a result, which scrolls inside the panel on the page
async function panelShot(page, sel, file) {
  await page.evaluate(() => { const p = document.getElementById('panel'); p.style.height = 'auto'; p.style.overflow = 'visible'; });
  await page.locator(sel).screenshot({ path: path.join(artifacts, file) });
  await page.evaluate(() => { const p = document.getElementById('panel'); p.style.height = ''; p.style.overflow = ''; });
}

async function route(page, from, to, scenario, overlay) {
  await page.click('#tab-route');
  await page.fill('#from', from);
  await page.fill('#to', to);
  await page.selectOption('#scenario', scenario);
  await page.selectOption('#overlay', overlay || '');
  await page.evaluate(() => { const t = document.querySelector('#legs'); if (t) t.remove(); });
  await page.click('#go');
  await page.waitForSelector('#legs tbody tr.leg', { timeout: 20000 });
}

async function legTable(page) {
  return page.$$eval('#legs tbody tr', rows => rows.map(r => ({ kind: r.className, cells: [...r.cells].map(c => c.textContent) })));
}

// A network elsewhere (tests/data/tiny moved to Monaco by test_web.sh): the first view fitted
// to it, the world's outlines instead of the region's.
async function elsewhere(page) {
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  const r = await page.evaluate(() => {
    const size = state.map.getSize(), c = state.map.getCenter();
    return { inside: [...state.nodes.values()].every(n => {
               const p = state.map.latLngToContainerPoint([n.lonlat[1], n.lonlat[0]]);
               return p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y; }),
             lon: c.lng, lat: c.lat, zoom: state.map.getZoom(),
             world: performance.getEntriesByType('resource').some(e => /countries-110m/.test(e.name)) };
  });
  check('elsewhere: the first view shows the network', r.inside && Math.abs(r.lon - 7.4) < 1 && Math.abs(r.lat - 43.7) < 1, JSON.stringify(r));
  check('elsewhere: zoomed in on it', r.zoom >= 8, JSON.stringify(r));
  check('elsewhere: the world outlines (1:110m) drawn', r.world && +(await page.getAttribute('body', 'data-outlines')) > 100, JSON.stringify(r));
  await page.screenshot({ path: path.join(artifacts, 'web-elsewhere-1400.png') });
}

(async () => {
  const ctx = await launch(profile, { acceptDownloads: true });
  const errors = [];
  const watch = p => {
    p.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    p.on('pageerror', e => errors.push(String(e)));
    p.on('requestfailed', r => errors.push('request failed: ' + r.url()));
  };
  const page = ctx.pages()[0] || await ctx.newPage();
  watch(page);
  try {
    if (process.argv[5] === '--elsewhere') {
      await elsewhere(page);
      eq('elsewhere: no console errors', [], errors);
      return;
    }
    // ---- first load, fresh profile: what it fetches and when it is usable ----
    await page.goto(base + '/', { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const res = performance.getEntriesByType('resource');
      return { bytes: nav.transferSize + res.reduce((n, r) => n + r.transferSize, 0), n: res.length + 1,
               ready: +document.body.dataset.readyMs, list: res.map(r => [r.name.replace(location.origin, ''), r.transferSize]) };
    });
    console.log(`# first load: ${load.n} requests, ${load.bytes} bytes transferred, usable after ${load.ready.toFixed(0)} ms: ` +
                load.list.map(([u, b]) => `${u} ${b}`).join(', '));
    check('load: at most 300 KB transferred', load.bytes > 0 && load.bytes <= 300 * 1024, `${load.bytes} bytes`);
    check('load: the region outlines, not the world file', load.list.some(([u]) => u === '/outlines.json') &&
          !load.list.some(([u]) => /countries-50m/.test(u)), JSON.stringify(load.list));
    check('load: usable in under 10 s (sanity bound; the figure is printed above)', load.ready < 10000, `${load.ready} ms`);
    fs.writeFileSync(path.join(artifacts, 'web-load.txt'), JSON.stringify(load, null, 1) + '\n');
    await layout(page, 'desktop');
    check('page: country outlines drawn', await page.locator('.leaflet-countries-pane canvas').count() === 1 &&
          +(await page.getAttribute('body', 'data-outlines')) > 20, 'no canvas or few countries');
    const netGeo = await getJson('/corridor/v1/network.geojson');
    const trippLinks = netGeo.features.filter(f => f.properties.kind === 'link' && f.properties.corridors.includes('tripp') &&
                                                  ['rail', 'road', 'sea', 'ferry'].includes(f.properties.mode)).length;
    eq('page: TRIPP highlighted (a band per TRIPP link)', trippLinks, +(await page.getAttribute('body', 'data-tripp')));
    eq('page: border posts', netGeo.features.filter(f => f.properties.border_post).length, +(await page.getAttribute('body', 'data-posts')));
    // first view fitted to the network: every node inside the map
    const inside = await page.evaluate(() => {
      const size = state.map.getSize();
      return [...state.nodes.values()].every(n => {
        const p = state.map.latLngToContainerPoint([n.lonlat[1], n.lonlat[0]]);
        return p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y;
      });
    });
    check('page: the first view shows the whole network', inside, 'a node outside the map');
    // hovering a node (Erzurum: 175 km from any other node, so no other marker is under the
    // pointer): its name, its country by name (GET /corridor/v1/countries), its id
    const trName = (await getJson('/corridor/v1/countries')).countries.find(c => c.country === 'TR').name;
    const erzurum = await page.evaluate(() => {
      const n = [...state.nodes.values()].find(n => n.name === 'Erzurum');
      const p = state.map.latLngToContainerPoint([n.lonlat[1], n.lonlat[0]]), r = document.getElementById('map').getBoundingClientRect();
      return { id: n.id, x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.move(erzurum.x, erzurum.y);
    const tip = await page.waitForSelector('.leaflet-tooltip', { timeout: 5000 }).then(t => t.textContent()).catch(() => '');
    eq('page: a node\'s tooltip names its country', `Erzurum, ${trName} (TR): node ${erzurum.id}`, tip);
    await page.mouse.move(0, 0);
    const labels0 = await labelsApart(page, 'page');
    check('page: city labels without hovering', labels0.includes('Baku') && labels0.includes('Tbilisi'), labels0.join(','));
    await page.screenshot({ path: path.join(artifacts, 'web-start-1400.png') });

    // ---- base Baku -> Nakhchivan: rows in the order met, running totals never decrease ----
    await route(page, 'Baku', 'Nakhchivan', 'base');
    const baseApi = await getJson('/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=base&minimize=generalized&alternatives=3');
    const rows = await legTable(page);
    const cumH = rows.map(r => num(r.cells[8])), cumU = rows.map(r => num(r.cells[9]));
    check('base route: cum h never decreases', cumH.every((v, i) => !i || v >= cumH[i - 1] - 1e-9), cumH.join(' '));
    check('base route: cum USD never decreases', cumU.every((v, i) => !i || v >= cumU[i - 1] - 1e-9), cumU.join(' '));
    // the page shows 2 decimals (Intl rounds the decimal figure, toFixed the binary one: 39.235
    // may show as 39.24 where toFixed gives 39.23), so a shown figure is within 0.005 of the API's
    const near = (want, got) => want.length === got.length && want.every((w, i) => Math.abs(w - got[i]) <= 0.0051);
    const lastShown = [cumH[cumH.length - 1], cumU[cumU.length - 1]];
    check('base route: the last running totals are the API totals',
          near([baseApi.total.hours, baseApi.total.usd], lastShown),
          `API ${baseApi.total.hours} ${baseApi.total.usd}, shown ${lastShown.join(' ')}`);
    const legH = rows.filter(r => r.kind === 'leg').map(r => num(r.cells[8]));
    check('base route: leg cum h as the API', near(baseApi.legs.map(l => l.cum_hours), legH),
          `API ${baseApi.legs.map(l => l.cum_hours).join(' ')}, shown ${legH.join(' ')}`);
    const tr = rows.filter(r => r.kind === 'delay' && r.cells[1].startsWith('transfer'));
    eq('base route: a row saying "transfer" per transfer', baseApi.transfers.map(t => `transfer ${t.from} \u2192 ${t.to}`),
       tr.map(r => r.cells[1]));
    // a border row follows the leg that crosses it
    const after = [];
    rows.forEach((r, i) => { if (r.cells[1].startsWith('border')) after.push(rows[i - 1].cells[2]); });
    eq('base route: each border row right after the leg into its post', baseApi.borders.map(b => b.to_node_name), after);
    await page.screenshot({ path: path.join(artifacts, 'web-route-base-1400.png') });

    // ---- tripp Baku -> Nakhchivan, base overlaid on the charts ----
    const api = await getJson('/corridor/v1/route?from=Baku&to=Nakhchivan&scenario=tripp&minimize=generalized&alternatives=3');
    await route(page, 'Baku', 'Nakhchivan', 'tripp', 'base');
    const shown = await page.$$eval('#legs tbody tr.leg', rs => rs.map(r => [r.cells[1].textContent, r.cells[2].textContent]));
    eq('route: legs from/to as the API', api.legs.map(l => [l.from, l.to]), shown);
    check('route: through Meghri', shown.some(([, to]) => to === 'Meghri'), 'no leg to Meghri');
    const delays = await page.$$eval('#legs tbody tr.delay', rs => rs.map(r => r.cells[1].textContent));
    eq('route: border rows', ['border AZ \u2192 AM', 'border AM \u2192 AZ'], delays);
    const routes = [api, ...api.alternatives];
    eq('route: one summary per route', routes.length, await page.locator('.route-summary[data-rank]').count());
    eq('route: drawn on the map', routes.length, await page.evaluate(() => new Set([...document.querySelectorAll('path.route')].map(p => p.getAttribute('class').match(/route-\d/)[0])).size));
    eq('route: origin and destination markers', 2, await page.locator('.od-marker').count());
    eq('route: its crossings marked', api.borders.length, await page.locator('path.route-crossing').count());
    const labels1 = await labelsApart(page, 'route');
    for (const b of api.borders) {
      const want = `${b.from_country}\u2192${b.to_country} ${b.hours.toFixed(1)} h, ${Math.round(b.usd)} USD`;
      check(`route: crossing ${b.from_country}->${b.to_country} labelled with dwell and fee`, labels1.includes(want), labels1.join(' | '));
    }
    for (const kind of ['time', 'cost']) {
      const steps = await page.$$eval(`svg.tcd-${kind} g.tcd-route[data-rank="1"] line.tcd-step`, ls => ls.map(l => [l.getAttribute('x1'), l.getAttribute('x2'), +l.getAttribute('y1') - +l.getAttribute('y2')]));
      eq(`tcd ${kind}: steps of route 1 = borders + transfers`, api.borders.length + api.transfers.length, steps.length);
      check(`tcd ${kind}: steps are vertical and go up`, steps.every(([x1, x2, dy]) => x1 === x2 && dy > 0), JSON.stringify(steps));
      eq(`tcd ${kind}: sloped segments = legs`, api.legs.length, await page.locator(`svg.tcd-${kind} g.tcd-route[data-rank="1"] line.tcd-leg`).count());
      eq(`tcd ${kind}: border steps labelled`, api.borders.map(b => `${b.from_country}\u2192${b.to_country}`),
         await page.$$eval(`svg.tcd-${kind} g.tcd-route[data-rank="1"] text.tcd-label`, ts => ts.map(t => t.textContent)));
      eq(`tcd ${kind}: base overlaid (its legs)`, baseApi.legs.length, await page.locator(`svg.tcd-${kind} g.tcd-overlay line.tcd-leg`).count());
      const xt = await page.$$eval(`svg.tcd-${kind} text.xtick`, ts => ts.map(t => +t.textContent.replace(/,/g, '')));
      const step = xt[1] - xt[0];
      check(`tcd ${kind}: round km ticks`, xt.length >= 3 && /^[125]0*$/.test(String(step)) && xt.every((v, i) => v === i * step), xt.join(' '));
      const clip = await page.$eval(`svg.tcd-${kind}`, s => {
        const r = s.getBoundingClientRect();
        return [...s.querySelectorAll('text')].filter(t => { const b = t.getBoundingClientRect(); return b.right > r.right + 0.5 || b.left < r.left - 0.5; }).map(t => t.textContent);
      });
      eq(`tcd ${kind}: no label clipped`, [], clip);
    }
    await page.screenshot({ path: path.join(artifacts, 'web-route-1400.png') });
    await panelShot(page, '#route-result', 'web-route-panel.png');

    // ---- exports ----
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#route-result button.csv')]);
    const csv = fs.readFileSync(await csvDl.path(), 'utf8').trim().split('\n');
    eq('csv: header', '#,from,to,mode,country,km,h,USD,cum h,cum USD', csv[0]);
    eq('csv: a line per row of the leg table', rows.length === 0 ? -1 : (await legTable(page)).length, csv.length - 1);
    eq('csv: first leg with the API figures', [api.legs[0].from, api.legs[0].to, String(api.legs[0].km)],
       csv[1].split(',').slice(1, 3).concat([csv[1].split(',')[5]]));
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('#route-result button.svg-export')]);
    const svgText = fs.readFileSync(await svgDl.path(), 'utf8');
    check('svg export: a standalone SVG of the time chart', /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*class="tcd tcd-time"/.test(svgText) ||
          (/^<svg/.test(svgText) && svgText.includes('tcd-time') && svgText.includes('xmlns')), svgText.slice(0, 120));
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('#route-result button.png-export')]);
    const png = fs.readFileSync(await pngDl.path());
    eq('png export: a PNG file', '89504e47', png.slice(0, 4).toString('hex'));

    // ---- the shared URL reproduces the route ----
    const url = page.url();
    check('url: carries the view', /view=route/.test(url) && /from=Baku/.test(url) && /scenario=tripp/.test(url) && /overlay=base/.test(url), url);
    const p2 = await ctx.newPage();
    watch(p2);
    await p2.setViewportSize({ width: 1400, height: 900 });
    await p2.goto(url, { waitUntil: 'load' });
    await p2.waitForSelector('#legs tbody tr.leg', { timeout: 20000 });
    eq('url: the same legs from the link', shown, await p2.$$eval('#legs tbody tr.leg', rs => rs.map(r => [r.cells[1].textContent, r.cells[2].textContent])));
    eq('url: the same scenario', 'tripp', await p2.$eval('#scenario', s => s.value));
    await p2.close();

    // ---- compare base and tripp ----
    const cmp = await getJson('/corridor/v1/compare?a=base&b=tripp');
    await page.click('#tab-compare');
    await page.selectOption('#scen-a', 'base');
    await page.selectOption('#scen-b', 'tripp');
    await page.click('#compare');
    await page.waitForSelector('#summary', { timeout: 20000 });
    const summary = await page.textContent('#summary');
    eq('compare: the summary line is the API\'s', cmp.summary, summary);
    check('compare: the summary names Armenia\'s and Iran\'s change', /AM \+[0-9.]+ [kM]?t( transit)? \(/.test(summary) && /IR -[0-9.]+ [kM]?t( transit)? \(/.test(summary), summary);
    const am = cmp.country_changes.find(c => c.country === 'AM'), ir = cmp.country_changes.find(c => c.country === 'IR');
    check('compare: Armenia gains transit, Iran loses', am.transit_tonnes_change > 0 && ir.transit_tonnes_change < 0, JSON.stringify([am, ir]));
    const order = await page.$$eval('#countries tbody tr', rs => rs.map(r => r.dataset.country));
    eq('compare: change table in the order of the API', cmp.country_changes.map(c => c.country), order);
    // countries by name, from GET /corridor/v1/countries (iso-codes' ISO 3166-1 table)
    const named = await page.$$eval('#countries tbody tr', rs => rs.map(r => r.cells[0].textContent));
    check('compare: countries named ("Armenia (AM)", "Iran (IR)")', named.includes('Armenia (AM)') && named.includes('Iran (IR)'), named.join(' | '));
    const avoid = await page.$$eval('#avoid label', ls => ls.map(l => l.textContent.trim()));
    check('route form: avoid a country by name', avoid.includes('Georgia (GE)'), avoid.join(' | '));
    const ch = await page.$$eval('#countries tbody tr', rs => rs.map(r => [Math.abs(+r.cells[3].textContent.replace(/[,+]/g, '').replace('\u2212', '-')),
                                                                       Math.abs(+r.cells[7].textContent.replace(/[,+]/g, '').replace('\u2212', '-'))]));
    check('compare: sorted by size of change (transit, then fees)', ch.every((v, i) => !i || ch[i - 1][0] > v[0] || (ch[i - 1][0] === v[0] && ch[i - 1][1] >= v[1])), JSON.stringify(ch));
    eq('compare: unchanged countries folded', 'No change in transit or fees: ' + cmp.countries_unchanged.join(', '),
       cmp.countries_unchanged.length ? await page.textContent('#unchanged') : 'No change in transit or fees: ');
    eq('compare: AM transit bars (A, B) = API', [am.a_transit_tonnes, am.b_transit_tonnes],
       await page.$$eval('svg.bars-transit rect[data-country="AM"]', rs => rs.map(r => +r.getAttribute('data-value'))));
    eq('compare: AM fee bars = API', [am.a_fees_usd, am.b_fees_usd],
       await page.$$eval('svg.bars-fees rect[data-country="AM"]', rs => rs.map(r => +r.getAttribute('data-value'))));
    const w = await page.$$eval('svg.bars-transit rect[data-country="IR"]', rs => rs.map(r => +r.getAttribute('width')));
    check('compare: IR transit bar B shorter', w[1] < w[0], JSON.stringify(w));
    // the difference map: a line per changed link, gains and losses in their colours, TRIPP gains
    await page.waitForSelector('path.flow-diff', { state: 'attached', timeout: 20000 });
    eq('diff map: a line per changed link', cmp.link_changes.length, await page.locator('path.flow-diff').count());
    eq('diff map: gains', cmp.link_changes.filter(k => k.change > 0).length, await page.locator('path.flow-diff.gain').count());
    eq('diff map: losses', cmp.link_changes.filter(k => k.change < 0).length, await page.locator('path.flow-diff.loss').count());
    const geo = await getJson('/corridor/v1/network.geojson?scenario=tripp');
    // the TRIPP railway (its roads include the old Nakhchivan roads towards Iran, which lose)
    const tripp = new Set(geo.features.filter(f => f.properties.kind === 'link' && f.properties.mode === 'rail' &&
                                              f.properties.corridors.includes('tripp')).map(f => f.properties.id));
    const trippChanged = cmp.link_changes.filter(k => tripp.has(k.link));
    check('diff map: the TRIPP railway carries more under tripp, through Meghri', trippChanged.length > 0 &&
          trippChanged.every(k => k.change > 0) && trippChanged.some(k => k.to === 'Meghri' || k.from === 'Meghri'), JSON.stringify(trippChanged));
    const drawnGain = await page.$$eval('path.flow-diff.gain', ps => ps.map(p => p.getAttribute('class').match(/link-(\S+)/)[1]));
    check('diff map: the TRIPP links drawn as gains', trippChanged.every(k => drawnGain.includes(k.link)), drawnGain.join(','));
    const legend = await page.textContent('#flow-legend');
    check('diff map: a width legend in t/year', /t\/year/.test(legend) && /gain/.test(legend) && /loss/.test(legend), legend);
    // changed ODs first, each changed pair with its charts of A and B
    const odRows = await page.$$eval('#od tbody tr', rs => rs.map(r => r.className));
    eq('compare: changed OD flows listed first', cmp.od_by_change.map(i => cmp.od[i].changed ? 'changed' : ''), odRows);
    await page.waitForSelector('#changed-routes[data-done="1"]', { timeout: 30000 });
    const pairs = new Set(cmp.od.filter(f => f.changed).map(f => f.from + '>' + f.to));
    eq('compare: a chart pair per changed OD pair', [pairs.size, pairs.size],
       [await page.locator('#changed-routes svg.tcd-time').count(), await page.locator('#changed-routes svg.tcd-cost').count()]);
    eq('compare: each with A and B overlaid', pairs.size * 2, await page.locator('#changed-routes svg.tcd-time g.tcd-route').count());
    await page.screenshot({ path: path.join(artifacts, 'web-compare-1400.png') });
    await panelShot(page, '#compare-result', 'web-compare-panel.png');
    await page.click('input[name=flows][value=b]');
    await page.waitForSelector('path.flow-b', { state: 'attached', timeout: 20000 });
    eq('flow map B: a line per link with tonnes', Object.keys(cmp.b_link_tonnes).length, await page.locator('path.flow-b').count());
    check('url: carries the comparison', /view=compare/.test(page.url()) && /a=base/.test(page.url()) && /flows=b/.test(page.url()), page.url());
    const [csv2] = await Promise.all([page.waitForEvent('download'), page.click('#compare-result h3 button.csv')]);
    const lines = fs.readFileSync(await csv2.path(), 'utf8').trim().split('\n');
    eq('compare csv: a line per changed country, AM with its raw change', [cmp.country_changes.length, `AM,${am.a_transit_tonnes},${am.b_transit_tonnes},${am.transit_tonnes_change}`],
       [lines.length - 1, lines.find(l => l.startsWith('AM,')).split(',').slice(0, 4).join(',')]);

    // ---- phone ----
    const ph = await ctx.newPage();
    watch(ph);
    await ph.setViewportSize({ width: 390, height: 844 });
    await ph.goto(base + '/?view=route&from=Baku&to=Nakhchivan&scenario=tripp&alternatives=3', { waitUntil: 'load' });
    await ph.waitForSelector('#legs tbody tr.leg', { timeout: 20000 });
    const pm = await layout(ph, 'phone route');
    check('phone: the map is at least 60% of the height', pm.h >= 0.6 * pm.ih, `${pm.h} of ${pm.ih}`);
    await ph.screenshot({ path: path.join(artifacts, 'web-route-390.png') });
    await ph.screenshot({ path: path.join(artifacts, 'web-route-390-full.png'), fullPage: true });
    await ph.goto(base + '/?view=compare&a=base&b=tripp&flows=diff', { waitUntil: 'load' });
    await ph.waitForSelector('#changed-routes[data-done="1"]', { timeout: 30000 });
    await layout(ph, 'phone compare');
    await ph.screenshot({ path: path.join(artifacts, 'web-compare-390.png') });
    await ph.screenshot({ path: path.join(artifacts, 'web-compare-390-full.png'), fullPage: true });
    await ph.close();
    eq('page: no console errors', [], errors);
  } catch (e) {
    result.failed++;
    console.log('FAIL page: ' + (e && e.stack || e));
    await page.screenshot({ path: path.join(artifacts, 'web-failure.png') }).catch(() => {});
  } finally {
    await ctx.close();
  }
  process.exit(result.failed ? 1 : 0);
})();
