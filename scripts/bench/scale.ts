/**
 * npm run bench:scale — the REAL main map page with N intervention polygons (default 100 000) in headless
 * Debian Chromium (WebGL via SwiftShader), logged in as a Comité user: works layer add → idle, pans, a
 * click-select, a vertex edit (drag + save), the attribute table (first page, next page). Every main-thread
 * long task (PerformanceObserver 'longtask', + 'long-animation-frame' when the browser has it) is recorded per
 * phase. Goal (issue 5 item 7 / issue 10 item 4): no task over 200 ms while editing; add → idle ≤ 1.5 s.
 *
 * Seeds through the repository (scripts/bench/seedWorks.ts, the bench:tiles generator) into a temporary data
 * dir of the built server (`npm run build`; YAKU_TEST_BUILD points at another build). BENCH_DATA_DIR=<dir>
 * keeps and reuses a seeded dir. `--geojson` also measures the old path (`/?obras=geojson`, every work
 * downloaded; slow). Writes `## Scale: 100,000 works in the main map` in docs/benchmarks.md unless --no-write.
 * `--profile[=dir]` records a CPU profile + Chromium trace per phase and prints what filled each task > 150 ms.
 * Add → idle is measured twice: "cold" (first load right after the server started) and warm (the table).
 * page.evaluate callbacks must not return MapLibre objects: Playwright serializes them in the page (seconds).
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../chromium-args.js';
import { ROOT, seedUsers, startServer, tmpDataDir } from '../../tests/server/helpers';
import { countWorks, seedWorks } from './seedWorks';

const N = Number(process.env.BENCH_FEATURES ?? 100_000);
const KEEP = process.env.BENCH_DATA_DIR;
const GEOJSON = process.argv.includes('--geojson');
const WRITE = !process.argv.includes('--no-write');
const USER = { username: 'bench-comite', password: 'bench-comite-clave-1' };
const LIMIT_MS = 200;
/** `--profile[=dir]`: a CPU profile of the main thread per phase (CDP Profiler), its busy stretches > 150 ms
 * (= the long tasks) summarized by self and inclusive time; the .cpuprofile files go to the dir. */
const PROFILE_ARG = process.argv.find((a) => a.startsWith('--profile'));
const PROFILE_DIR = PROFILE_ARG
	? (PROFILE_ARG.split('=')[1] ?? join(os.tmpdir(), 'yaku-scale-profiles'))
	: null;

// ---------------------------------------------------------------- data + server
const dir = KEEP ?? tmpDataDir('yaku-bench-scale-');
if (KEEP) mkdirSync(KEEP, { recursive: true });
const fresh = !existsSync(join(dir, 'yaku.db'));
const srv = await startServer(dir, { YAKU_RATE_LIMIT_MUTATIONS_PER_MIN: '0' });
const load0 = os.loadavg()[0]!;
let seedMs = 0;
const have = countWorks(dir);
if (have < N) {
	seedMs = await seedWorks(dir, N - have);
	console.log(`sembradas ${N - have} intervenciones en ${(seedMs / 1000).toFixed(1)} s`);
}
if (fresh || have === 0)
	await seedUsers(dir, [{ ...USER, role: 'comite' }]).catch((e) => {
		if (!String(e).includes('USERNAME_TAKEN')) throw e;
	});

// the server builds its tile index in the background at start (hooks init → warmTileIndexes); the first
// page load below ("cold") may wait for it, the measured run ("warm") finds it ready
let tileIndexMs = NaN;
let coldAddIdleMs = NaN;
async function tileInfo() {
	const tj = (await (await fetch(`${srv.origin}/api/tiles/intervenciones/tile.json`)).json()) as {
		featureCount: number;
		useTiles: boolean;
		indexBuildMs?: number;
	};
	tileIndexMs = tj.indexBuildMs ?? NaN;
	console.log(
		`tile.json: índice construido en ${tileIndexMs} ms, ${tj.featureCount} obras, useTiles=${tj.useTiles}`
	);
}

// ---------------------------------------------------------------- browser helpers
const OBSERVE = `
window.__name = (f) => f; // tsx keeps function names with a helper that page.evaluate code needs too
window.__lt = []; window.__loaf = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true }); } catch {}
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__loaf.push([e.startTime, e.duration, e.blockingDuration]); })
  .observe({ type: 'long-animation-frame', buffered: true }); window.__hasLoaf = true; } catch { window.__hasLoaf = false; }
`;

interface Phase {
	name: string;
	ms: number;
	tasks: number;
	maxTask: number;
	over200: number;
	maxLoaf: number | null;
	loafOver200: number | null;
	note?: string;
}

const now = (p: Page) => p.evaluate(() => performance.now());
const idle = (p: Page) =>
	p.evaluate(
		() =>
			new Promise<void>((r) => {
				const m = (window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }).__yaku.ctrl
					.map;
				if (m.loaded() && !m.isMoving()) {
					m.once('idle', () => r());
					m.triggerRepaint();
				} else m.once('idle', () => r());
			})
	);

async function tasksBetween(p: Page, a: number, b: number) {
	return p.evaluate(
		([a, b]) => {
			const w = window as unknown as { __lt: number[][]; __loaf: number[][]; __hasLoaf: boolean };
			const lt = w.__lt.filter((t) => t[0]! >= a! && t[0]! <= b!).map((t) => t[1]!);
			const lf = w.__loaf.filter((t) => t[0]! >= a! && t[0]! <= b!).map((t) => t[1]!);
			return { lt, lf, hasLoaf: w.__hasLoaf };
		},
		[a, b]
	);
}

interface ProfNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfNode[];
	samples: number[];
	timeDeltas: number[];
}
let cdp: CDPSession | null = null;
let tracer: Browser | null = null;

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	tid: number;
	pid: number;
	args?: { name?: string; data?: { url?: string; functionName?: string } };
}
/** The main-thread tasks over 150 ms of a Chromium trace, each with the trace events that filled it. */
function summarizeTrace(buf: Buffer): string[] {
	const ev = (JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
	const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	if (!main) return [];
	const on = ev.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur);
	const out: string[] = [];
	for (const t of on.filter((e) => e.name.endsWith('RunTask') && e.dur! > 150_000)) {
		const inside = on.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
		const by = new Map<string, number>();
		for (const e of inside) {
			const d = e.args?.data;
			const k =
				d?.functionName || d?.url
					? `${e.name} ${d.functionName ?? ''} ${d.url?.split('/').pop() ?? ''}`
					: e.name;
			by.set(k, (by.get(k) ?? 0) + e.dur! / 1000);
		}
		const top = [...by]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 14)
			.map(([k, v]) => `      ${v.toFixed(0).padStart(5)} ms  ${k}`)
			.join('\n');
		out.push(`  tarea ${(t.dur! / 1000).toFixed(0)} ms (traza):\n${top}`);
	}
	return out;
}
let phaseNo = 0;

/** The busy stretches (> 150 ms without an idle sample) of a profile, each with its top functions. */
function summarize(prof: Profile): string[] {
	const byId = new Map(prof.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const label = (n: ProfNode) => {
		const f = n.callFrame;
		const file = f.url.split('/').pop() ?? '';
		return `${f.functionName || '(anon)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
	};
	const idle = (id: number) => {
		const fn = byId.get(id)!.callFrame.functionName;
		return fn === '(idle)' || fn === '(program)';
	};
	const out: string[] = [];
	let i = 0;
	const t: number[] = [];
	let acc = 0;
	for (const d of prof.timeDeltas) t.push((acc += d));
	while (i < prof.samples.length) {
		if (idle(prof.samples[i]!)) {
			i++;
			continue;
		}
		let j = i;
		while (j + 1 < prof.samples.length && !idle(prof.samples[j + 1]!)) j++;
		const ms = (t[j]! - t[i]!) / 1000;
		if (ms > 150) {
			const self = new Map<string, number>();
			const incl = new Map<string, number>();
			for (let k = i; k <= j; k++) {
				const dt = ((t[k + 1] ?? t[k]!) - t[k]!) / 1000;
				const n = byId.get(prof.samples[k]!)!;
				self.set(label(n), (self.get(label(n)) ?? 0) + dt);
				const seen = new Set<string>();
				for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
					const l = label(byId.get(id)!);
					if (seen.has(l)) continue;
					seen.add(l);
					incl.set(l, (incl.get(l) ?? 0) + dt);
				}
			}
			const top = (m: Map<string, number>, k: number) =>
				[...m]
					.sort((a, b) => b[1] - a[1])
					.slice(0, k)
					.map(([l, v]) => `      ${v.toFixed(0).padStart(5)} ms  ${l}`)
					.join('\n');
			out.push(
				`  tramo ocupado ${ms.toFixed(0)} ms\n    propio:\n${top(self, 12)}\n    inclusivo:\n${top(incl, 25)}`
			);
		}
		i = j + 1;
	}
	return out;
}

async function phase(p: Page, name: string, fn: () => Promise<string | void>): Promise<Phase> {
	if (cdp) await cdp.send('Profiler.start');
	if (tracer)
		await tracer.startTracing(p, {
			categories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'toplevel',
				'v8',
				'v8.execute',
				'blink',
				'gpu',
				'cc'
			]
		});
	const a = await now(p);
	const note = await fn();
	await new Promise((r) => setTimeout(r, 300)); // let the observers deliver
	const b = await now(p);
	if (tracer) console.log(`[traza] ${name}\n${summarizeTrace(await tracer.stopTracing()).join('\n')}`);
	if (cdp) {
		const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
		const file = join(PROFILE_DIR!, `${String(++phaseNo).padStart(2, '0')}.cpuprofile`);
		writeFileSync(file, JSON.stringify(profile));
		console.log(`[perfil] ${name} → ${file}\n${summarize(profile).join('\n')}`);
	}
	const { lt, lf, hasLoaf } = await tasksBetween(p, a, b);
	const r: Phase = {
		name,
		ms: Math.round(b - a - 300),
		tasks: lt.length,
		maxTask: Math.round(Math.max(0, ...lt)),
		over200: lt.filter((d) => d > LIMIT_MS).length,
		maxLoaf: hasLoaf ? Math.round(Math.max(0, ...lf)) : null,
		loafOver200: hasLoaf ? lf.filter((d) => d > LIMIT_MS).length : null,
		...(note ? { note } : {})
	};
	console.log(
		`${name}: ${r.ms} ms; long tasks ${r.tasks} (máx ${r.maxTask} ms, >200 ms: ${r.over200}); LoAF máx ${r.maxLoaf ?? '–'} ms${note ? ` — ${note}` : ''}`
	);
	return r;
}

async function login(p: Page) {
	await p.goto(`${srv.origin}/login`);
	await p.fill('#username', USER.username);
	await p.fill('#password', USER.password);
	await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/login')), p.click('button[type=submit]')]);
}

async function canvasBox(p: Page) {
	const b = await p.locator('.maplibregl-canvas').boundingBox();
	if (!b) throw new Error('sin lienzo del mapa');
	return b;
}

const phases: Phase[] = [];
let addIdleMs = 0;
let navIdleMs = 0;
let geo: { addIdleMs: number; maxTask: number; over200: number; note: string } | null = null;
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	await ctx.addInitScript(OBSERVE);
	const p = await ctx.newPage();
	p.on('pageerror', (e) => console.error(`[página] ${e.message}`));
	p.on('console', (m) => m.type() === 'error' && console.error(`[consola] ${m.text()}`));
	await login(p);
	// ---- cold: the first load right after the server started (its index may still be building)
	if (fresh || have >= N) {
		await p.goto(`${srv.origin}/`);
		await p.waitForSelector('body[data-map-ready="true"]', { timeout: 120_000 });
		coldAddIdleMs = Math.round(
			await p.evaluate(() => {
				const get = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
				return get('yaku:idle') - get('yaku:works-add');
			})
		);
		console.log(`carga en frío (servidor recién arrancado): obras add → idle ${coldAddIdleMs} ms`);
	}
	await tileInfo();
	await p.goto('about:blank');
	if (PROFILE_DIR) {
		mkdirSync(PROFILE_DIR, { recursive: true });
		cdp = await ctx.newCDPSession(p);
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
		tracer = browser;
	}

	// ---- load: the main map, as a user opens it
	const load = await phase(p, 'carga (navegación → mapa listo)', async () => {
		await p.goto(`${srv.origin}/`);
		await p.waitForSelector('body[data-map-ready="true"]', { timeout: 120_000 });
		const m = await p.evaluate(() => {
			const get = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
			return { add: get('yaku:works-add'), idle: get('yaku:idle') };
		});
		// the page then compiles the works' and editor's shaders one per frame (src/lib/map/warmPrograms.ts):
		// counted here, with the load, not in the first pan
		await p.waitForSelector('body[data-map-warm="true"]', { timeout: 60_000 }).catch(() => {});
		addIdleMs = Math.round(m.idle - m.add);
		navIdleMs = Math.round(m.idle);
		const mode = await p.evaluate(
			() => (window as unknown as { __yaku: { works: { mode: string } } }).__yaku.works.mode
		);
		return `modo ${mode}; obras add → idle ${addIdleMs} ms; navegación → idle ${navIdleMs} ms`;
	});
	// the load's tasks are measured from the page's origin (the phase timer starts on the login page)
	{
		const { lt } = await tasksBetween(p, 0, await now(p));
		load.tasks = lt.length;
		load.maxTask = Math.round(Math.max(0, ...lt));
		load.over200 = lt.filter((d) => d > LIMIT_MS).length;
	}
	phases.push(load);

	// ---- pans at the overview zoom (the whole microcuenca: overview points per 8-px cell)
	phases.push(
		await phase(p, 'pan ×4 (vista general)', async () => {
			for (const [dx, dy] of [
				[300, 0],
				[0, 200],
				[-300, 0],
				[0, -200]
			]) {
				await p.evaluate(
					([dx, dy]) =>
						(
							window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }
						).__yaku.ctrl.map.panBy([dx!, dy!], { duration: 300 }) && undefined,
					[dx, dy]
				);
				await idle(p);
			}
		})
	);

	// ---- zoom in to where works are drawn as polygons; pan there
	phases.push(
		await phase(p, 'zoom a z16 + pan ×4', async () => {
			await p.evaluate(
				() =>
					(
						window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }
					).__yaku.ctrl.map.jumpTo({
						center: [-72.035, -13.425],
						zoom: 16
					}) && undefined
			);
			await idle(p);
			for (const [dx, dy] of [
				[400, 0],
				[0, 300],
				[-400, 0],
				[0, -300]
			]) {
				await p.mouse.move(640 + 200, 400);
				await p.evaluate(
					([dx, dy]) =>
						(
							window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }
						).__yaku.ctrl.map.panBy([dx!, dy!], { duration: 300 }) && undefined,
					[dx, dy]
				);
				await idle(p);
			}
		})
	);
	{
		const n = await p.evaluate(
			() =>
				(
					window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }
				).__yaku.ctrl.map.queryRenderedFeatures({ layers: ['vt-intervenciones-fill'] }).length
		);
		phases[phases.length - 1]!.note = `${n} polígonos dibujados en la última vista`;
	}

	// ---- click-select one work (fetched by id)
	await p.evaluate(
		() =>
			(window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }).__yaku.ctrl.map.jumpTo({
				center: [-72.035, -13.425],
				zoom: 17.5
			}) && undefined
	);
	await idle(p);
	const target = await p.evaluate(() => {
		const map = (window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }).__yaku.ctrl
			.map;
		const c = map.getCanvas();
		const cx = c.clientWidth / 2;
		const cy = c.clientHeight / 2;
		let best: { x: number; y: number; id: string; d: number } | null = null;
		for (const f of map.queryRenderedFeatures({ layers: ['vt-intervenciones-fill'] })) {
			if (f.geometry.type !== 'Polygon') continue;
			const ring = f.geometry.coordinates[0]!.slice(0, -1);
			const pts = ring.map((q) => map.project(q as [number, number]));
			const x = pts.reduce((s, q) => s + q.x, 0) / pts.length;
			const y = pts.reduce((s, q) => s + q.y, 0) / pts.length;
			const d = (x - cx) ** 2 + (y - cy) ** 2;
			if (!best || d < best.d) best = { x, y, id: String(f.properties?.id ?? f.id), d };
		}
		return best;
	});
	if (!target) throw new Error('no hay obras dibujadas en la vista');
	const box = await canvasBox(p);
	phases.push(
		await phase(p, 'clic → obra seleccionada (pedida por id)', async () => {
			await p.mouse.click(box.x + target.x, box.y + target.y);
			await p.getByTestId('work-detail').waitFor({ timeout: 30_000 });
			await idle(p);
			return `obra ${target.id}`;
		})
	);

	// ---- vertex edit: start, drag a vertex, save (tiles refreshed, overlay shows the edit at once)
	phases.push(
		await phase(p, 'editar: iniciar edición de vértices', async () => {
			await p.getByTestId('work-edit').click();
			await p.getByTestId('live-measures').waitFor({ timeout: 30_000 });
			await idle(p);
		})
	);
	phases.push(
		await phase(p, 'editar: arrastrar un vértice', async () => {
			const v = await p.evaluate(() => {
				const y = (
					window as unknown as {
						__yaku: {
							ctrl: { map: import('maplibre-gl').Map };
							works: { selected: { geometry: { coordinates: number[][][] } } | null };
						};
					}
				).__yaku;
				const q = y.works.selected!.geometry.coordinates[0]![2]!;
				const pt = y.ctrl.map.project(q as [number, number]);
				return { x: pt.x, y: pt.y };
			});
			await p.mouse.move(box.x + v.x, box.y + v.y);
			await p.mouse.down();
			await p.mouse.move(box.x + v.x + 10, box.y + v.y + 6, { steps: 10 });
			await p.mouse.move(box.x + v.x + 22, box.y + v.y + 14, { steps: 10 });
			await p.mouse.up();
			await p.waitForTimeout(200);
		})
	);
	phases.push(
		await phase(p, 'editar: guardar (PUT, capa y teselas al día)', async () => {
			await p.getByTestId('work-save').click();
			await p.getByTestId('work-detail').waitFor({ timeout: 60_000 });
			await idle(p);
			const ha = await p.getByTestId('work-measures').textContent();
			return `guardada; medidas: ${(ha ?? '').replace(/\s+/g, ' ').trim().slice(0, 60)}`;
		})
	);

	// ---- the attribute table: first page with server totals, then the next page
	phases.push(
		await phase(p, 'tabla: abrir (página 1 + totales) + página 2', async () => {
			await p.getByTestId('table-toggle').click();
			await p.locator('[data-testid="works-table"] tbody tr').first().waitFor({ timeout: 60_000 });
			const r1 = await p.getByTestId('table-range').textContent();
			await p.getByTestId('table-next').click();
			await p.waitForFunction(
				(prev) => document.querySelector('[data-testid="table-range"]')?.textContent !== prev,
				r1
			);
			const r2 = await p.getByTestId('table-range').textContent();
			return `${r1?.trim()} → ${r2?.trim()}`;
		})
	);
	await ctx.close();

	// ---- baseline: the old GeoJSON path (every work downloaded and drawn)
	if (GEOJSON) {
		const g = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		await g.addInitScript(OBSERVE);
		const q = await g.newPage();
		await login(q);
		const t = Date.now();
		await q.goto(`${srv.origin}/?obras=geojson`);
		try {
			await q.waitForSelector('body[data-map-ready="true"]', { timeout: 300_000 });
			const m = await q.evaluate(() => {
				const get = (n: string) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
				return get('yaku:idle') - get('yaku:works-add');
			});
			const { lt } = await tasksBetween(q, 0, await now(q));
			geo = {
				addIdleMs: Math.round(m),
				maxTask: Math.round(Math.max(0, ...lt)),
				over200: lt.filter((d) => d > LIMIT_MS).length,
				note: 'carga'
			};
		} catch {
			geo = { addIdleMs: Date.now() - t, maxTask: NaN, over200: NaN, note: 'no llegó a idle en 300 s' };
		}
		console.log(
			`GeoJSON (línea base): add → idle ${geo.addIdleMs} ms, tarea máx ${geo.maxTask} ms, >200 ms: ${geo.over200}`
		);
		await g.close();
	}
} finally {
	await browser.close();
	await srv.stop();
	if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- report
const edit = phases.filter((r) => r.name !== phases[0]!.name);
const editMax = Math.max(...edit.map((r) => r.maxTask));
const editOver = edit.reduce((s, r) => s + r.over200, 0);
const cpu = os.cpus();
const rows = phases
	.map(
		(r) =>
			`| ${r.name} | ${r.ms} | ${r.tasks} | ${r.maxTask} | ${r.over200} | ${r.maxLoaf ?? '–'} | ${r.note ?? ''} |`
	)
	.join('\n');
const section = `## Scale: 100,000 works in the main map

\`npm run bench:scale\` — the real main page (\`/\`) with ${N.toLocaleString('en')} intervention polygons (bench:tiles
generator, published), logged in as a Comité user, headless Debian Chromium (WebGL via SwiftShader), 1280×800.
Above the tile threshold the works layer comes from \`/api/tiles\` (decision 110). Every main-thread long task
(PerformanceObserver \`longtask\`; \`long-animation-frame\` as LoAF) recorded per phase.
${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}; 1-min load average
${load0.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at the end${load0 > 1.5 ? ' (the machine was shared and loaded)' : ''}.

| phase | ms | long tasks | max task ms | tasks > 200 ms | max LoAF ms | note |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${rows}

- works layer **add → idle: ${addIdleMs} ms** with the server's tile index ready (goal ≤ 1 500 ms ${addIdleMs <= 1500 ? '✔' : '✘'}); navigation → idle ${navIdleMs} ms.
- cold: the first load right after the server started (logged in, then \`/\`; the index is built in the
  background from the server start, the page waits for what is left): add → idle ${coldAddIdleMs} ms.
- pan / select / edit / table: **max main-thread task ${editMax} ms, ${editOver} over 200 ms** (goal: none over 200 ms
  ${editOver === 0 ? '✔' : '✘'}).
- server, once per change of the layer: tile index built in ${tileIndexMs} ms (tile.json \`indexBuildMs\`; in the background
  at start and after each change, the old index answering meanwhile).
${
	geo
		? `- GeoJSON baseline (\`/?obras=geojson\`, every work downloaded by pages of 1 000 and drawn): add → idle
  ${geo.addIdleMs} ms, max task ${geo.maxTask} ms, ${geo.over200} tasks over 200 ms (${geo.note}).`
		: '- GeoJSON baseline not run this time (`npm run bench:scale -- --geojson`; see also `## Tiles`).'
}${seedMs ? `\n- seeding ${N.toLocaleString('en')} works through the repository: ${(seedMs / 1000).toFixed(1)} s.` : ''}
`;
console.log(`\n${section}`);
if (WRITE) {
	const path = join(ROOT, 'docs', 'benchmarks.md');
	const doc = readFileSync(path, 'utf8');
	const head = '\n## Scale: 100,000 works in the main map\n';
	const start = doc.indexOf(head);
	let next = start >= 0 ? doc.indexOf('\n## ', start + head.length) : -1;
	if (next < 0) next = doc.length;
	const out =
		start >= 0 ? `${doc.slice(0, start + 1)}${section}${doc.slice(next)}` : `${doc.trimEnd()}\n\n${section}`;
	writeFileSync(path, out);
	console.log('docs/benchmarks.md actualizado (## Scale).');
}
