// `npm run screenshots`: the suite's configuration, matching only e2e/screenshots.take.ts.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testMatch: 'screenshots.take.ts' });
