// The `test` every spec uses: Playwright's, plus a guard that runs around each test and fails
// it if the page (or its worker) made any request outside the page's origin. Nothing the user
// opens may leave the tab, so this is checked everywhere rather than remembered per spec.
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

export const test = base.extend<{ sameOriginOnly: undefined }>({
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
