// Dev tool: take a Chromium screenshot of a running yaku page.
// Usage: node scripts/screenshot.js <url> <out.png> [width] [height]
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium-args.js';

const [url = 'http://127.0.0.1:3000/', out = 'test-results/screenshot.png', w = '1280', h = '800'] =
	process.argv.slice(2);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
const logs = [];
page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
page.on('request', (r) => {
	const u = new URL(r.url());
	if (!['127.0.0.1', 'localhost'].includes(u.hostname) && u.protocol.startsWith('http'))
		logs.push(`[external] ${r.url()}`);
});
await page.goto(url);
await page
	.waitForSelector('body[data-map-ready="true"]', { timeout: 30000 })
	.catch(() => logs.push('map not ready in 30 s'));
await page.waitForTimeout(500);
await page.screenshot({ path: out });
console.log(logs.join('\n'));
await browser.close();
