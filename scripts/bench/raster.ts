/**
 * Raster benchmark: yaku (typed-array JS, this process) vs gdaldem and GRASS r.watershed on the SAME
 * synthetic input, whole-job timings (read GeoTIFF → compute → write GeoTIFF), median of RUNS runs.
 * Hydrology times what the app's terrain worker runs: flowRouting (fill + D8) + flowAccumulation.
 *   npm run bench:raster              (sizes 2000,5000 for hillshade/slope; 2000 for hydrology)
 *   npx tsx scripts/bench/raster.ts --sizes 2000 --hydro 2000 --runs 5 --no-write
 * Appends/replaces the "## Raster" section of docs/benchmarks.md (other sections are kept).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
	writeSync
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { flowAccumulation } from '../../src/lib/geo/raster/flowAccumulation';
import { flowRouting } from '../../src/lib/geo/raster/flowRouting';
import { hillshade } from '../../src/lib/geo/raster/hillshade';
import { readGeoTiff } from '../../src/lib/geo/raster/readGeoTiff';
import { slope } from '../../src/lib/geo/raster/slope';
import { pixelToLonLat } from '../../src/lib/geo/raster/coords';
import { upstreamCells, watershed } from '../../src/lib/geo/raster/watershed';
import {
	writeGeoTiff,
	writeGeoTiffChunks,
	type WriteGeoTiffOptions
} from '../../src/lib/geo/raster/writeGeoTiff';

/** Streams the GeoTIFF to disk in ~1 MB chunks (same bytes as writeGeoTiff, no whole-file buffer). */
function writeTiffFile(path: string, opts: WriteGeoTiffOptions) {
	const fd = openSync(path, 'w');
	try {
		for (const chunk of writeGeoTiffChunks(opts)) writeSync(fd, chunk);
	} finally {
		closeSync(fd);
	}
}
import { microcuenca } from './raster.synthetic';
import type { Dem } from '../../src/lib/geo/raster/types';

const arg = (k: string, d: string) => {
	const i = process.argv.indexOf(k);
	return i > 0 ? (process.argv[i + 1] as string) : d;
};
const sizes = arg('--sizes', '2000,5000').split(',').filter(Boolean).map(Number);
const hydroSizes = arg('--hydro', '2000').split(',').map(Number);
const RUNS = Number(arg('--runs', '5'));
const write = !process.argv.includes('--no-write');
const THREADS = Number(arg('--threads', '2'));
const dir = mkdtempSync(join(tmpdir(), 'yaku-bench-raster-'));

/** Stage laps of the current run (ms); timeIt keeps those of its median run. */
let laps: Record<string, number> = {};
let lapT = 0;
const lap = (stage: string) => {
	const t = performance.now();
	laps[stage] = (laps[stage] ?? 0) + t - lapT;
	lapT = t;
};
let lastLaps: Record<string, number> = {};
/** CPU seconds (user + system) of the median run: this process (all threads) + native child processes. */
let lastCpu = NaN;
let childCpu = 0;
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
/** Runs a native command; its CPU time (via /usr/bin/time) is added to the current run's CPU. */
function native(cmd: string, args: string[]) {
	if (!timeBin) return execFileSync(cmd, args, { stdio: 'pipe' });
	const out = join(dir, 'time.txt');
	const r = execFileSync(timeBin, ['-f', '%U %S', '-o', out, cmd, ...args], { stdio: 'pipe' });
	const [u, sy] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
	childCpu += (u ?? 0) + (sy ?? 0);
	return r;
}
async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
	const ts: { s: number; cpu: number; laps: Record<string, number> }[] = [];
	for (let k = 0; k < RUNS; k++) {
		laps = {};
		childCpu = 0;
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		lapT = t0;
		await fn();
		const s = (performance.now() - t0) / 1000;
		const c = process.cpuUsage(c0);
		ts.push({ s, cpu: (c.user + c.system) / 1e6 + childCpu, laps });
	}
	ts.sort((a, b) => a.s - b.s);
	const med = ts[Math.floor(ts.length / 2)] as { s: number; cpu: number; laps: Record<string, number> };
	lastLaps = med.laps;
	lastCpu = med.cpu;
	return med.s;
}
const lapText = () =>
	Object.entries(lastLaps)
		.map(([k, v]) => `${k} ${v.toFixed(0)}`)
		.join(' + ') + ' ms';
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const rows: string[] = [];
const notes: string[] = [];
const fmt = (s: number) => `${s.toFixed(2)} s`;

/** One warm helper thread (like the app's second raster worker), started once outside the timings. */
let helper: Worker | null = null;
function startHelper(): Promise<void> {
	helper = new Worker(new URL('./raster.helper-boot.mjs', import.meta.url));
	// a no-op job on a 3×3 DEM warms the thread's module graph
	return runHelper(
		'hillshade',
		[0, 0],
		new Float32Array(new SharedArrayBuffer(36)),
		3,
		3,
		new SharedArrayBuffer(9)
	);
}
function runHelper(
	op: 'hillshade' | 'slope',
	rows: [number, number],
	data: Float32Array,
	width: number,
	height: number,
	out: SharedArrayBuffer,
	dem?: Omit<Dem, 'data'>
): Promise<void> {
	const h = helper as Worker;
	return new Promise((resolve, reject) => {
		const done = () => {
			h.off('error', fail);
			resolve();
		};
		const fail = (e: unknown) => {
			h.off('message', done);
			reject(e);
		};
		h.once('message', done);
		h.once('error', fail);
		const base = dem ?? {
			width,
			height,
			transform: [0, 1, 0, 0, 0, -1],
			crs: 32718,
			cellSizeM: { x: 1, y: 1 },
			nodata: null,
			metadata: { name: '', source: '', synthetic: true }
		};
		h.postMessage({ op, rows, out, dem: { ...base, data } });
	});
}
/** hillshade/slope over both cores: the DEM goes to a SharedArrayBuffer, the helper takes the south half. */
async function computeSplit(op: 'hillshade' | 'slope', dem: Dem): Promise<Uint8ClampedArray | Float32Array> {
	const { width: W, height: H } = dem;
	const shared = new Float32Array(new SharedArrayBuffer(dem.data.byteLength));
	shared.set(dem.data);
	const sdem = { ...dem, data: shared };
	const mid = Math.floor(H / 2);
	const outBuf = new SharedArrayBuffer(W * H * (op === 'hillshade' ? 1 : 4));
	const { data: _d, ...meta } = dem;
	void _d;
	const other = runHelper(op, [mid, H], shared, W, H, outBuf, meta);
	const out = op === 'hillshade' ? new Uint8ClampedArray(outBuf) : new Float32Array(outBuf);
	if (op === 'hillshade') hillshade(sdem, { rows: [0, mid], out: out as Uint8ClampedArray });
	else slope(sdem, { rows: [0, mid], out: out as Float32Array });
	await other;
	return out;
}

async function main() {
	if (THREADS > 1) await startHelper();
	const maxN = Math.max(...sizes, ...hydroSizes);
	const dems = new Map<number, string>();
	for (const n of [...new Set([...sizes, ...hydroSizes])]) {
		const dem = microcuenca(n);
		const file = join(dir, `SYNTHETIC_microcuenca_${n}.tif`);
		writeFileSync(file, writeGeoTiff({ ...dem, nodata: -9999 }));
		dems.set(n, file);
	}
	console.log(`input: SYNTHETIC microcuenca GeoTIFFs up to ${maxN}² in ${dir}`);
	for (const n of sizes) {
		const file = dems.get(n) as string;
		for (const op of ['hillshade', 'slope'] as const) {
			const ours = await timeIt(async () => {
				const { dem } = await readGeoTiff(readFileSync(file), { maxCells: 1e9, zeroCopy: true });
				lap('read');
				const out =
					THREADS > 1 ? await computeSplit(op, dem) : op === 'hillshade' ? hillshade(dem) : slope(dem);
				lap(op);
				writeTiffFile(join(dir, `ours_${op}.tif`), { ...dem, data: out, nodata: op === 'slope' ? -9999 : 0 });
				lap('write');
			});
			notes.push(`${op} ${n}² yaku stages (median run): ${lapText()}`);
			const oursCpu = lastCpu;
			let gdal = NaN;
			if (has('gdaldem'))
				gdal = await timeIt(() => native('gdaldem', [op, '-q', file, join(dir, `gdal_${op}.tif`)]));
			rows.push(
				`| ${op} (Horn) | ${n}² | ${fmt(ours)} | gdaldem ${fmt(gdal)} | ${(ours / gdal).toFixed(2)}× | ${oursCpu.toFixed(2)} / ${lastCpu.toFixed(2)} s (${(oursCpu / lastCpu).toFixed(2)}×) |`
			);
			console.log(rows.at(-1));
		}
	}
	for (const n of hydroSizes) {
		const file = dems.get(n) as string;
		let grids: { dir: Uint8Array; acc: Uint32Array } | null = null;
		const demBox: { dem?: Awaited<ReturnType<typeof readGeoTiff>>['dem'] } = {};
		const ours = await timeIt(async () => {
			const { dem } = await readGeoTiff(readFileSync(file), { maxCells: 1e9, zeroCopy: true });
			lap('read');
			// what the app's terrain worker runs: least-cost routing (fill + D8 in one search) + accumulation
			const routing = flowRouting(dem);
			const dir8 = routing.dir;
			lap('flowRouting (fill + D8)');
			const acc = flowAccumulation(dem, dir8, { edgeFlow: false, order: routing });
			lap('accumulation');
			writeTiffFile(join(dir, 'ours_acc.tif'), { ...dem, data: new Float32Array(acc) });
			lap('write');
			grids = { dir: dir8, acc };
			demBox.dem = dem;
		});
		const oursCpu = lastCpu;
		notes.push(`hydrology ${n}² yaku stages (median run): ${lapText()}`);
		const dem = demBox.dem as NonNullable<typeof demBox.dem>;
		const g = grids as unknown as { dir: Uint8Array; acc: Uint32Array };
		// outlet: max accumulation cell = the microcuenca outlet
		let outlet = 0;
		for (let i = 0; i < g.acc.length; i++) if ((g.acc[i] as number) > (g.acc[outlet] as number)) outlet = i;
		const oc = outlet % dem.width;
		const or = Math.floor(outlet / dem.width);
		const click = pixelToLonLat(dem, oc + 0.5, or + 0.5);
		const ws = await timeIt(() => {
			const timingsMs: Record<string, number> = {};
			watershed(dem, g.dir, g.acc, click, { timingsMs });
			laps = timingsMs;
		});
		const wsCpu = lastCpu;
		notes.push(`watershed ${n}² stages (median run): ${lapText()}`);
		const basin = watershed(dem, g.dir, g.acc, click);
		let grass = NaN;
		let grassCpu = NaN;
		let agree = '';
		if (has('grass')) {
			const script = join(dir, 'grass.sh');
			const [ox, oy] = [
				dem.transform[0] + (oc + 0.5) * dem.transform[1],
				dem.transform[3] + (or + 0.5) * dem.transform[5]
			];
			writeFileSync(
				script,
				[
					'set -e',
					`r.in.gdal -o input=${file} output=dem --quiet --overwrite`,
					'g.region raster=dem',
					'r.watershed -s elevation=dem accumulation=acc drainage=dir --quiet --overwrite',
					`r.out.gdal input=acc output=${join(dir, 'grass_acc.tif')} format=GTiff type=Float32 --quiet --overwrite -c -f`
				].join('\n')
			);
			grass = await timeIt(() => native('grass', ['--tmp-location', 'EPSG:32718', '--exec', 'sh', script]));
			grassCpu = lastCpu;
			// agreement (not timed): basin of the same outlet with r.water.outlet, accumulation cells equal
			const check = join(dir, 'grass_basin.sh');
			writeFileSync(
				check,
				[
					'set -e',
					`r.in.gdal -o input=${file} output=dem --quiet --overwrite`,
					'g.region raster=dem',
					'r.watershed -s elevation=dem accumulation=acc drainage=dir --quiet --overwrite',
					`r.water.outlet input=dir output=basin coordinates=${ox},${oy} --quiet --overwrite`,
					`r.out.gdal input=basin output=${join(dir, 'grass_basin.tif')} format=GTiff type=Float32 --quiet --overwrite -c -f`
				].join('\n')
			);
			execFileSync('grass', ['--tmp-location', 'EPSG:32718', '--exec', 'sh', check], { stdio: 'pipe' });
			const gb = (await readGeoTiff(readFileSync(join(dir, 'grass_basin.tif')), { maxCells: 1e9 })).dem.data;
			const ga = (await readGeoTiff(readFileSync(join(dir, 'grass_acc.tif')), { maxCells: 1e9 })).dem.data;
			const ours = new Uint8Array(g.acc.length);
			for (const i of upstreamCells(dem, g.dir, outlet)) ours[i] = 1;
			let inter = 0;
			let uni = 0;
			let nG = 0;
			let same = 0;
			for (let i = 0; i < ours.length; i++) {
				const a = ours[i] === 1;
				const b = (gb[i] as number) > 0;
				if (a && b) inter++;
				if (a || b) uni++;
				if (b) nG++;
				if (Math.abs(ga[i] as number) === g.acc[i]) same++;
			}
			agree =
				`basin of the max-accumulation outlet: ${basin.stats.cells} cells (yaku) vs ${nG} (r.water.outlet), ` +
				`IoU ${((100 * inter) / uni).toFixed(2)} %, area diff ${((100 * (basin.stats.cells - nG)) / nG).toFixed(2)} %; ` +
				`accumulation identical on ${((100 * same) / ours.length).toFixed(1)} % of cells`;
			notes.push(`${n}²: ${agree}`);
		} else notes.push('GRASS not installed: hydrology ratio not measured (apt-get install grass-core).');
		rows.push(
			`| fill + D8 (flowRouting: mm-key bucket-queue search, r.watershed-like) + accumulation | ${n}² | ${fmt(ours)} | GRASS import + r.watershed -s + export ${fmt(grass)} | ${(ours / grass).toFixed(2)}× | ${oursCpu.toFixed(2)} / ${grassCpu.toFixed(2)} s (${(oursCpu / grassCpu).toFixed(2)}×) |`
		);
		rows.push(
			`| watershed from a click (flow grids ready) | ${n}² | ${(ws * 1000).toFixed(0)} ms | goal 350 ms | — | ${(wsCpu * 1000).toFixed(0)} ms |`
		);
		console.log(rows.slice(-2).join('\n'));
		console.log(
			`hydrology ${n}²: yaku / GRASS r.watershed = ${(ours / grass).toFixed(2)}× wall, ${(oursCpu / grassCpu).toFixed(2)}× CPU (goal ≤ 0.3×)`
		);
		if (agree) console.log(agree);
	}
	const gdalVer = has('gdalinfo') ? execFileSync('gdalinfo', ['--version']).toString().trim() : 'n/a';
	const grassVer = has('grass')
		? (() => {
				const v = spawnSync('grass', ['--version'], { encoding: 'utf8' });
				return `${v.stdout}\n${v.stderr}`
					.split('\n')
					.find((l) => /GRASS/.test(l))
					?.trim();
			})()
		: 'n/a';
	const section = [
		'## Raster',
		'',
		`Run ${new Date().toISOString().slice(0, 10)} on ${cpus().length}× ${cpus()[0]?.model ?? '?'}, Node ${process.version}; ${gdalVer}; ${grassVer}.`,
		`Command: \`npm run bench:raster\` (scripts/bench/raster.ts). Input: SYNTHETIC microcuenca (scripts/bench/raster.synthetic.ts),`,
		'Float32 GeoTIFF, UTM 18S, 30 m cells. Whole job, median of ' +
			RUNS +
			' runs: yaku = read GeoTIFF + compute + write GeoTIFF in one',
		`warm Node process (hillshade/slope over ${THREADS} thread(s): rows split with a warm worker_threads helper and`,
		'SharedArrayBuffer, as the app splits them over two workers; hydrology and watershed single thread); native = the whole',
		'command. Ratio = yaku / native wall time (lower is better). CPU = user + system seconds of the median run (yaku: all',
		'threads of this process; native: the child process, via /usr/bin/time), a load-independent cross-check.',
		'',
		'| work | size | yaku (JS) | native | ratio | CPU yaku / native |',
		'|---|---|---|---|---|---|',
		...rows,
		'',
		...notes.map((n) => `- ${n}`),
		`- Load average at the end of the run: ${loadavg()
			.map((x) => x.toFixed(2))
			.join(', ')} (other jobs on the 2 cores inflate both sides; rerun on an idle machine).`,
		''
	].join('\n');
	console.log('\n' + section);
	if (write) {
		const path = 'docs/benchmarks.md';
		const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
		const re = /## Raster\n[\s\S]*?(?=\n## |$)/;
		const next = re.test(old) ? old.replace(re, section.trimEnd() + '\n') : old.trimEnd() + '\n\n' + section;
		writeFileSync(path, next);
		console.log(`written to ${path}`);
	}
	rmSync(dir, { recursive: true, force: true });
	await helper?.terminate();
}
main().catch((e) => {
	console.error(e);
	process.exit(1);
});
