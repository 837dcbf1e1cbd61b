// Debian's Chromium and the flags every launch uses (the e2e tests and the benchmark):
// Playwright downloads no browsers here, and the sandbox needs privileges CI does not have.
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
