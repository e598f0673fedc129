// npm run bench:load — first load of the built app in headless Chromium (Debian), measured, not timed-tested.
// Reports: bytes transferred on the wire (compressed) until the map is idle, time to first idle map, JS heap.
// Starts the built app itself (node scripts/start.js) on a free port unless BENCH_URL is given.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../chromium-args.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function freePort() {
	return new Promise((resolve) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

async function waitFor(url, ms = 60000) {
	const t0 = Date.now();
	while (Date.now() - t0 < ms) {
		try {
			const r = await fetch(url);
			if (r.ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`server did not answer at ${url}`);
}

let server = null;
let dataDir = null;
let base = process.env.BENCH_URL;
if (!base) {
	const port = await freePort();
	dataDir = mkdtempSync(join(tmpdir(), 'yaku-bench-'));
	server = spawn('node', ['scripts/start.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', YAKU_DATA_DIR: dataDir },
		stdio: 'ignore'
	});
	base = `http://127.0.0.1:${port}/`;
	await waitFor(base);
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const results = [];
try {
	for (let run = 0; run < RUNS; run++) {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		let bytes = 0;
		let requests = 0;
		cdp.on('Network.loadingFinished', (e) => {
			bytes += e.encodedDataLength;
			requests++;
		});
		const t0 = Date.now();
		await page.goto(base);
		await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60000 });
		const toIdle = Date.now() - t0;
		const marks = await page.evaluate(() =>
			Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))
		);
		await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
		const heap = await cdp.send('Runtime.getHeapUsage');
		results.push({
			run,
			toIdleMs: toIdle,
			mapLoadMs: marks['yaku:map-load'],
			layersAddedMs: marks['yaku:layers-added'],
			idleMarkMs: marks['yaku:idle'],
			bytes,
			requests,
			heapMB: heap.usedSize / 1048576
		});
		await context.close();
	}
} finally {
	await browser.close();
	if (server) server.kill('SIGTERM');
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
};
const summary = {
	date: new Date().toISOString(),
	machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
	runs: RUNS,
	medianToIdleMs: median(results.map((r) => r.toIdleMs)),
	medianBytes: median(results.map((r) => r.bytes)),
	medianRequests: median(results.map((r) => r.requests)),
	medianMapLoadMs: median(results.map((r) => r.mapLoadMs)),
	medianLayersAddedMs: median(results.map((r) => r.layersAddedMs)),
	medianHeapMB: Number(median(results.map((r) => r.heapMB)).toFixed(1))
};
console.table(results);
console.log(JSON.stringify(summary, null, 2));
console.log(
	`bench:load — to idle ${summary.medianToIdleMs} ms (goal < 2000), transferred ${(summary.medianBytes / 1024).toFixed(0)} KiB (goal < 1200 KB), heap ${summary.medianHeapMB} MB`
);
