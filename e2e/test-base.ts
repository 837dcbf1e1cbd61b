// The `test` every spec uses: Playwright's, plus guards that run around each test and fail it
// if the page (or its worker) made any request outside the page's origin, or the browser
// refused something under the Content-Security-Policy. Nothing the user opens may leave the
// tab, so this is checked everywhere rather than remembered per spec.
import { test as base, expect } from '@playwright/test';

/** Requests that stay in the tab: the page's origin, its blob: URLs, data: URLs. */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter(
    (u) =>
      u !== origin &&
      !u.startsWith(`${origin}/`) &&
      !u.startsWith(`blob:${origin}/`) &&
      !u.startsWith('data:'),
  );
}

/** Annotation of a test that provokes CSP violations on purpose (to prove the policy is on). */
export const CSP_PROBE = 'csp-violations-expected';

export const test = base.extend<{ sameOriginOnly: undefined; noCspViolation: undefined }>({
  // the production build must run under its Content-Security-Policy without a single refusal
  noCspViolation: [
    async ({ page }, use, testInfo) => {
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await use(undefined);
      if (!testInfo.annotations.some((a) => a.type === CSP_PROBE))
        expect(refused, 'CSP violations').toEqual([]);
    },
    { auto: true },
  ],
  sameOriginOnly: [
    async ({ context, baseURL }, use) => {
      const urls: string[] = [];
      // the context sees the page's requests and those of its dedicated workers
      context.on('request', (r) => urls.push(r.url()));
      await use(undefined);
      const origin = new URL(baseURL ?? 'http://invalid').origin;
      expect(urls.length, 'the page loaded at all').toBeGreaterThan(0);
      expect(foreignRequests(urls, origin), `requests outside ${origin}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page } from '@playwright/test';
