// Shared by the headless-Chromium tests: "ok NAME" / "FAIL NAME: why" lines with a count of
// failures, and Chromium (/usr/bin/chromium, never a downloaded browser) in its own headless mode.
'use strict';
const { chromium } = require('playwright-core');

const result = { failed: 0 };
function check(name, cond, why) {
  if (cond) console.log('ok ' + name);
  else { result.failed++; console.log('FAIL ' + name + ': ' + why); }
}
function eq(name, want, got) {
  check(name, JSON.stringify(want) === JSON.stringify(got), `expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
}
function launch(profile, options) {
  return chromium.launchPersistentContext(profile, Object.assign({
    executablePath: '/usr/bin/chromium',
    headless: false, // the flags below ask for Chromium's own (new) headless mode
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  }, options || {}));
}
module.exports = { result, check, eq, launch };
