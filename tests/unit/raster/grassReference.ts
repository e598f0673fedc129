/**
 * Comparison of yaku's hydrology (fill → D8 → accumulation → streams → watershed) with GRASS GIS
 * (`scripts/reference/grass-hydrology.sh`: r.watershed -s, r.water.outlet) on the same DEM file.
 * Used by hydrology-grass.test.ts; the metric definitions are in docs/terrain.md "Correctness".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { edgeStreamOutlets } from '../../../src/lib/geo/raster/edgeStreamOutlets';
import { flowAccumulation } from '../../../src/lib/geo/raster/flowAccumulation';
import { flowRouting } from '../../../src/lib/geo/raster/flowRouting';
import { pixelToLonLat, pixelToMap } from '../../../src/lib/geo/raster/coords';
import { crop } from '../../../src/lib/geo/raster/resample';
import { streams } from '../../../src/lib/geo/raster/streams';
import { watershed } from '../../../src/lib/geo/raster/watershed';
import type { Dem } from '../../../src/lib/geo/raster/types';

export const GRASS_SCRIPT = 'scripts/reference/grass-hydrology.sh';
export const hasCommand = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

export interface YakuHydrology {
	/** cells raised by the depression fill (inside a pit or flat) */
	raised: Uint8Array;
	dir: Uint8Array;
	acc: Uint32Array;
	stream: Uint8Array;
	/** upstream cells along `dir` incl. the cell (edge cells pass flow) = yaku's watershed of a pour point there */
	upstream: Uint32Array;
}

export function yakuHydrology(dem: Dem, thresholdCells: number): YakuHydrology {
	const { filled, dir: routed } = flowRouting(dem);
	// what the terrain worker runs: edge cells pass no flow (r.watershed's accumulation raster), and edge cells
	// that collect a stream drain out of the DEM (r.watershed's drainage map at the same threshold)
	const acc = flowAccumulation(dem, routed, { edgeFlow: false });
	const dir = edgeStreamOutlets(dem, routed, acc, thresholdCells);
	const { order } = streams(dem, dir, acc, { thresholdCells });
	const stream = new Uint8Array(order.length);
	const raised = new Uint8Array(order.length);
	for (let i = 0; i < order.length; i++) {
		stream[i] = (order[i] as number) > 0 ? 1 : 0;
		raised[i] = (filled[i] as number) > (dem.data[i] as number) ? 1 : 0;
	}
	return { raised, dir, acc, stream, upstream: flowAccumulation(dem, dir) };
}

/**
 * Pour points picked from yaku's accumulation (the same cells are given to r.water.outlet):
 * 1. the main outlet = the cell of maximum accumulation;
 * 2. an interior stream cell ≥ 3 cells from the edge, not raised by the fill, whose accumulation is nearest
 *    15 % of the maximum (a sub-basin, like clicking a tributary). Inside a filled depression D8 has no
 *    unique answer (yaku drains the filled flat along the ε gradient, GRASS by its A* search).
 */
export function pickPourCells(dem: Dem, h: YakuHydrology): number[] {
	const { width: W, height: H } = dem;
	let main = 0;
	for (let i = 0; i < h.acc.length; i++) if ((h.acc[i] as number) > (h.acc[main] as number)) main = i;
	const goal = 0.15 * (h.acc[main] as number);
	let sub = -1;
	for (let r = 3; r < H - 3; r++)
		for (let c = 3; c < W - 3; c++) {
			const i = r * W + c;
			if (!h.stream[i] || h.raised[i]) continue;
			if (sub < 0 || Math.abs((h.acc[i] as number) - goal) < Math.abs((h.acc[sub] as number) - goal)) sub = i;
		}
	return sub >= 0 && sub !== main ? [main, sub] : [main];
}

/** GRASS drainage code (1 NE, 2 N, 3 NW, 4 W, 5 SW, 6 S, 7 SE, 8 E; sign = leaves the region) → [dr, dc]. */
const GRASS_STEP: Record<number, [number, number]> = {
	1: [-1, 1],
	2: [-1, 0],
	3: [-1, -1],
	4: [0, -1],
	5: [1, -1],
	6: [1, 0],
	7: [1, 1],
	8: [0, 1]
};

/**
 * Upstream cell count (incl. the cell) along GRASS's drainage map — what r.water.outlet would return for a
 * pour point at each cell. Independent of yaku's code: Kahn's topological order on the GRASS directions.
 */
export function upstreamFromGrassDrainage(
	width: number,
	height: number,
	drainage: ArrayLike<number>
): Float64Array {
	const N = width * height;
	const down = new Int32Array(N).fill(-1);
	const indeg = new Int32Array(N);
	for (let i = 0; i < N; i++) {
		const step = GRASS_STEP[Math.abs(drainage[i] as number)];
		if (!step) continue;
		const r = Math.floor(i / width) + step[0];
		const c = (i % width) + step[1];
		if (r < 0 || c < 0 || r >= height || c >= width) continue;
		const t = r * width + c;
		if (!GRASS_STEP[Math.abs(drainage[t] as number)] && (drainage[t] as number) !== 0) continue;
		down[i] = t;
		indeg[t] = (indeg[t] as number) + 1;
	}
	const acc = new Float64Array(N).fill(1);
	const queue = new Int32Array(N);
	let tail = 0;
	for (let i = 0; i < N; i++) if (indeg[i] === 0) queue[tail++] = i;
	for (let head = 0; head < tail; head++) {
		const i = queue[head] as number;
		const t = down[i] as number;
		if (t < 0) continue;
		acc[t] = (acc[t] as number) + (acc[i] as number);
		indeg[t] = (indeg[t] as number) - 1;
		if (indeg[t] === 0) queue[tail++] = t;
	}
	return acc;
}

export interface GrassOutputs {
	/** upstreamFromGrassDrainage of dir.tif */
	upstream: Float64Array;
	/** |accumulation| */
	acc: Float64Array;
	/** accumulation as GRASS writes it: negative where flow may enter from outside the DEM */
	accSigned: Float64Array;
	stream: Uint8Array;
	basins: { mask: Uint8Array; cells: number; areaM2: number }[];
	width: number;
	height: number;
	commands: string;
}

async function band(file: string): Promise<{ data: ArrayLike<number>; width: number; height: number }> {
	const buf = readFileSync(file);
	const tiff = await fromArrayBuffer(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
	const img = await tiff.getImage();
	const [data] = (await img.readRasters()) as unknown as ArrayLike<number>[];
	return { data: data as ArrayLike<number>, width: img.getWidth(), height: img.getHeight() };
}

/** Runs the GRASS reference script; pour points are cell centres in the DEM's CRS. */
export async function runGrass(
	demFile: string,
	outDir: string,
	dem: Dem,
	thresholdCells: number,
	pourCells: number[]
): Promise<GrassOutputs> {
	const coords = pourCells.flatMap((i) =>
		pixelToMap(dem, (i % dem.width) + 0.5, Math.floor(i / dem.width) + 0.5).map((v) => v.toFixed(9))
	);
	execFileSync('bash', [GRASS_SCRIPT, demFile, outDir, String(thresholdCells), ...coords], {
		stdio: 'pipe',
		timeout: 60_000
	});
	const acc = await band(join(outDir, 'acc.tif'));
	const drainage = await band(join(outDir, 'dir.tif'));
	const st = await band(join(outDir, 'streams.tif'));
	const n = acc.width * acc.height;
	const stream = new Uint8Array(n);
	for (let i = 0; i < n; i++) stream[i] = (st.data[i] as number) > 0 ? 1 : 0;
	const basins: GrassOutputs['basins'] = [];
	for (let k = 1; k <= pourCells.length; k++) {
		const b = await band(join(outDir, `basin_${k}.tif`));
		const mask = new Uint8Array(n);
		let cells = 0;
		for (let i = 0; i < n; i++)
			if ((b.data[i] as number) > 0) {
				mask[i] = 1;
				cells++;
			}
		const [, area] = readFileSync(join(outDir, `basin_${k}.txt`), 'utf8')
			.trim()
			.split(/\s+/)
			.map(Number);
		basins.push({ mask, cells, areaM2: area as number });
	}
	return {
		acc: Float64Array.from(acc.data, Math.abs),
		accSigned: Float64Array.from(acc.data),
		upstream: upstreamFromGrassDrainage(acc.width, acc.height, drainage.data),
		stream,
		basins,
		width: acc.width,
		height: acc.height,
		commands: readFileSync(join(outDir, 'commands.txt'), 'utf8')
	};
}

export interface Agreement {
	/** Cells with GRASS |acc| ≥ threshold (the stream cells of r.watershed's accumulation). */
	accCells: number;
	/** Share of those cells with |yaku − GRASS| / GRASS ≤ 1 %. */
	accWithin1Pct: number;
	/** Cells with yaku accumulation or GRASS upstream count (from its drainage map) ≥ threshold. */
	upCells: number;
	/** Share of those with |yaku − GRASS| / GRASS ≤ 1 % (GRASS = upstream count along its drainage map). */
	upWithin1Pct: number;
	/** Same, leaving out cells raised by yaku's depression fill (pits and flats, where D8 has no unique answer). */
	upOutsideDepressions: number;
	upOutsideDepressionsCells: number;
	/**
	 * Same cells and test with yaku's upstream count along its own drainage (= yaku's watershed at each cell,
	 * edge cells pass flow) instead of its accumulation: basin vs r.water.outlet at every cell.
	 */
	basinEveryCellOutsideDepressions: number;
	/** Same on all those cells (inside filled depressions too). */
	basinEveryCell: number;
	/**
	 * GRASS against itself on the same cells: r.watershed's accumulation raster vs the upstream count along its
	 * own drainage map. Low wherever edge cells pass flow along the edge in the drainage map but not in the
	 * accumulation raster — why "accumulation vs GRASS drainage" (upWithin1Pct) is not a criterion.
	 */
	grassSelfWithin1Pct: number;
	/** Cells with GRASS acc > 0 (nothing upstream on the DEM edge or next to nodata) and ≥ threshold. */
	closedCells: number;
	/** Share of those with |yaku − GRASS| / GRASS ≤ 1 %. */
	closedWithin1Pct: number;
	/** Share of all data cells with identical accumulation. */
	accIdentical: number;
	basins: {
		cell: number;
		yakuCells: number;
		grassCells: number;
		yakuAreaHa: number;
		grassAreaHa: number;
		/** (yaku − GRASS) / GRASS, cells */
		cellDiff: number;
		/** (yaku − GRASS) / GRASS, area (yaku: ellipsoidal polygon area; GRASS: r.stats -a) */
		areaDiff: number;
		iou: number;
		/** GRASS upstream cells (along its drainage map) at the pour cell: must equal grassCells */
		grassUpstream: number;
		/** accumulation at the outlet, yaku vs GRASS */
		outletAcc: [number, number];
	}[];
	/** Share of yaku stream cells within one cell (8-neighbourhood) of a GRASS stream cell. */
	streamsYakuNearGrass: number;
	/** Share of GRASS stream cells within one cell of a yaku stream cell. */
	streamsGrassNearYaku: number;
	yakuStreamCells: number;
	grassStreamCells: number;
}

function nearShare(W: number, H: number, a: Uint8Array, b: Uint8Array): number {
	let n = 0;
	let hit = 0;
	for (let r = 0; r < H; r++)
		for (let c = 0; c < W; c++) {
			if (!a[r * W + c]) continue;
			n++;
			search: for (let dr = -1; dr <= 1; dr++)
				for (let dc = -1; dc <= 1; dc++) {
					const rr = r + dr;
					const cc = c + dc;
					if (rr >= 0 && cc >= 0 && rr < H && cc < W && b[rr * W + cc]) {
						hit++;
						break search;
					}
				}
		}
	return n === 0 ? 1 : hit / n;
}

/** Crops a DEM to the bounding box of its data cells (what `g.region zoom=dem` does in GRASS). */
export function cropToData(dem: Dem): Dem {
	const { width: W, height: H, data } = dem;
	let c0 = W;
	let r0 = H;
	let c1 = -1;
	let r1 = -1;
	for (let r = 0; r < H; r++)
		for (let c = 0; c < W; c++) {
			const v = data[r * W + c] as number;
			if (v !== v) continue;
			if (c < c0) c0 = c;
			if (c > c1) c1 = c;
			if (r < r0) r0 = r;
			if (r > r1) r1 = r;
		}
	return crop(dem, [c0, r0, c1 + 1, r1 + 1]);
}

export function compare(
	dem: Dem,
	h: YakuHydrology,
	g: GrassOutputs,
	thresholdCells: number,
	pourCells: number[]
): Agreement {
	const { width: W, height: H } = dem;
	if (g.width !== W || g.height !== H) throw new Error(`GRASS grid ${g.width}×${g.height} ≠ ${W}×${H}`);
	let accCells = 0;
	let within = 0;
	let valid = 0;
	let same = 0;
	let closed = 0;
	let closedWithin = 0;
	let up = 0;
	let upOk = 0;
	let upOut = 0;
	let upOutOk = 0;
	let upOutBasinOk = 0;
	let upBasinOk = 0;
	let grassSelfOk = 0;
	for (let i = 0; i < W * H; i++) {
		if (h.dir[i] !== 255) {
			const a = h.acc[i] as number;
			const u = g.upstream[i] as number;
			if (a >= thresholdCells || u >= thresholdCells) {
				const ok = Math.abs(a - u) / u <= 0.01 ? 1 : 0;
				up++;
				upOk += ok;
				if (Math.abs((h.upstream[i] as number) - u) / u <= 0.01) upBasinOk++;
				if (Math.abs((g.acc[i] as number) - u) / u <= 0.01) grassSelfOk++;
				if (!h.raised[i]) {
					upOut++;
					upOutOk += ok;
					if (Math.abs((h.upstream[i] as number) - u) / u <= 0.01) upOutBasinOk++;
				}
			}
		}
		const raw = g.accSigned[i] as number;
		if (raw >= thresholdCells && h.dir[i] !== 255) {
			closed++;
			if (Math.abs((h.acc[i] as number) - raw) / raw <= 0.01) closedWithin++;
		}
		const b = g.acc[i] as number;
		if (!(b > 0) || h.dir[i] === 255) continue;
		const a = h.acc[i] as number;
		valid++;
		if (a === b) same++;
		if (b >= thresholdCells) {
			accCells++;
			if (Math.abs(a - b) / b <= 0.01) within++;
		}
	}
	const basins = pourCells.map((cell, k) => {
		const gb = g.basins[k] as GrassOutputs['basins'][number];
		const ws = watershed(
			dem,
			h.dir,
			h.acc,
			pixelToLonLat(dem, (cell % W) + 0.5, Math.floor(cell / W) + 0.5),
			{
				snapToleranceM: 0
			}
		);
		let inter = 0;
		const mine = new Uint8Array(W * H);
		for (const i of ws.cells) mine[i] = 1;
		for (let i = 0; i < W * H; i++) if (mine[i] && gb.mask[i]) inter++;
		const grassAreaHa = gb.areaM2 / 10_000;
		return {
			grassUpstream: g.upstream[cell] as number,

			cell,
			yakuCells: ws.stats.cells,
			grassCells: gb.cells,
			yakuAreaHa: ws.stats.areaHa,
			grassAreaHa,
			cellDiff: (ws.stats.cells - gb.cells) / gb.cells,
			areaDiff: (ws.stats.areaHa - grassAreaHa) / grassAreaHa,
			iou: inter / (ws.stats.cells + gb.cells - inter),
			outletAcc: [h.acc[cell] as number, g.acc[cell] as number] as [number, number]
		};
	});
	let ys = 0;
	let gs = 0;
	for (let i = 0; i < W * H; i++) {
		ys += h.stream[i] as number;
		gs += g.stream[i] as number;
	}
	return {
		accCells,
		accWithin1Pct: accCells ? within / accCells : 1,
		accIdentical: valid ? same / valid : 1,
		upCells: up,
		upWithin1Pct: up ? upOk / up : 1,
		upOutsideDepressions: upOut ? upOutOk / upOut : 1,
		upOutsideDepressionsCells: upOut,
		basinEveryCellOutsideDepressions: upOut ? upOutBasinOk / upOut : 1,
		basinEveryCell: up ? upBasinOk / up : 1,
		grassSelfWithin1Pct: up ? grassSelfOk / up : 1,
		closedCells: closed,
		closedWithin1Pct: closed ? closedWithin / closed : 1,
		basins,
		streamsYakuNearGrass: nearShare(W, H, h.stream, g.stream),
		streamsGrassNearYaku: nearShare(W, H, g.stream, h.stream),
		yakuStreamCells: ys,
		grassStreamCells: gs
	};
}

export function summary(name: string, a: Agreement): string {
	const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
	return [
		`${name}: watershed at every cell ≥ T (upstream along the drainage, yaku vs GRASS) within 1 %: ${pct(a.basinEveryCell)} of ${a.upCells} (outside depressions ${pct(a.basinEveryCellOutsideDepressions)} of ${a.upOutsideDepressionsCells})`,
		`  not criteria (unlike quantities): yaku accumulation raster vs GRASS drainage upstream ${pct(a.upWithin1Pct)}; GRASS's own accumulation raster vs its drainage upstream ${pct(a.grassSelfWithin1Pct)}`,
		`  r.watershed accumulation ≥ T within 1 %: ${pct(a.accWithin1Pct)} of ${a.accCells} cells (identical on ${pct(a.accIdentical)} of all cells); closed catchments: ${pct(a.closedWithin1Pct)} of ${a.closedCells}`,
		...a.basins.map(
			(b, k) =>
				`  basin ${k + 1}: ${b.yakuCells} vs ${b.grassCells} cells (${pct(b.cellDiff)}), ${b.yakuAreaHa.toFixed(2)} vs ${b.grassAreaHa.toFixed(2)} ha (${pct(b.areaDiff)}), IoU ${pct(b.iou)}, outlet acc ${b.outletAcc[0]} vs ${b.outletAcc[1]} (r.watershed)`
		),
		`  streams (1-cell buffer): yaku near GRASS ${pct(a.streamsYakuNearGrass)}, GRASS near yaku ${pct(a.streamsGrassNearYaku)} (${a.yakuStreamCells} vs ${a.grassStreamCells} cells)`
	].join('\n');
}
