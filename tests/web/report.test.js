// `corridor report` in headless Chromium: no sideways scrolling at 1400x900 and 390x844, and
// printed to PDF on A4: the summary, the change table and the difference map on page 1, at
// most 4 pages before the appendix (pdfinfo, pdftotext, pdftoppm from poppler-utils). Prints
// "ok NAME" / "FAIL NAME: why" lines; screenshots and the PDF go to ARTIFACT_DIR.
// usage: node report.test.js REPORT.html ARTIFACT_DIR PROFILE_DIR
'use strict';
const { result, check, launch } = require('./lib');
const { execFileSync } = require('child_process');
const path = require('path');

const [report, artifacts, profile] = process.argv.slice(2);
const pdftext = (pdf, page) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });

(async () => {
  const ctx = await launch(profile);
  const errors = [], fetched = [];
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('request', r => { if (!r.url().startsWith('file:')) fetched.push(r.url()); });
  try {
    const url = 'file://' + path.resolve(report);
    for (const [w, h] of [[1400, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(url, { waitUntil: 'load' });
      const m = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check(`report ${w}x${h}: no horizontal overflow`, m[0] <= m[1], `scrollWidth ${m[0]} > ${m[1]}`);
      await page.screenshot({ path: path.join(artifacts, `report-${w}.png`) });
    }
    check('report: nothing fetched', fetched.length === 0, fetched.join(' '));
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    const pdf = path.join(artifacts, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = +execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1];
    let appendix = 0;
    for (let p = 1; p <= pages && !appendix; p++) if (/Appendix: assumptions/.test(pdftext(pdf, p))) appendix = p;
    console.log(`# report.pdf: ${pages} A4 pages, the appendix from page ${appendix}`);
    check('print: at most 4 A4 pages before the appendix', appendix >= 2 && appendix <= 5, `appendix on page ${appendix} of ${pages}`);
    const first = pdftext(pdf, 1).replace(/\s+/g, ' ');
    const summary = (await page.textContent('#summary')).replace(/\s+/g, ' ').replace('\u2212', '-');
    check('print page 1: the summary', first.includes(summary.slice(0, 40)), summary + ' // ' + first.slice(0, 300));
    check('print page 1: the change table', /What changes per country/.test(first), first.slice(0, 300));
    check('print page 1: the whole difference map (its caption below it)', /the change in tonnes per year on every link/.test(first), first.slice(-400));
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', String(Math.min(pages, appendix || 4)), pdf, path.join(artifacts, 'report-print')]);
    check('report: no console errors', errors.length === 0, errors.join(' | '));
  } catch (e) {
    result.failed++;
    console.log('FAIL report: ' + (e && e.stack || e));
  } finally {
    await ctx.close();
  }
  process.exit(result.failed ? 1 : 0);
})();
