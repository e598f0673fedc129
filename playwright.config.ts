import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium-args.js';

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** E2E_BASE_URL=http://… runs the tests against an already running app (development only). */
const EXTERNAL = process.env.E2E_BASE_URL;

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	outputDir: process.env.E2E_OUTPUT ?? 'test-results/e2e',
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: EXTERNAL ?? `http://127.0.0.1:${PORT}`,
		viewport: { width: 1280, height: 800 },
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	webServer: EXTERNAL
		? undefined
		: [
				{
					// fresh data dir with test accounts, then the real start path (seed geodata from ../shared/data)
					command: 'bash tests/e2e/support/prepare-main.sh && node scripts/start.js',
					url: `http://127.0.0.1:${PORT}/`,
					timeout: 120_000,
					reuseExistingServer: false,
					stdout: 'pipe',
					env: { PORT: String(PORT), HOST: '127.0.0.1', YAKU_DATA_DIR: 'test-results/e2e-data' }
				},
				{
					// the same app with a corrupt and a missing geodata file (tests/e2e/bad-geodata.spec.ts)
					command:
						'node tests/e2e/support/prepare-bad-geodata.js test-results/bad-geodata && node scripts/start.js',
					url: `http://127.0.0.1:${PORT + 1}/`,
					timeout: 120_000,
					reuseExistingServer: false,
					env: {
						PORT: String(PORT + 1),
						HOST: '127.0.0.1',
						YAKU_DATA_DIR: 'test-results/e2e-data-bad',
						YAKU_GEODATA_DIR: 'test-results/bad-geodata',
						YAKU_SEED_DIR: 'none'
					}
				}
			]
});
