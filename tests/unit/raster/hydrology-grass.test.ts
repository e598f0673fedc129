/**
 * Issue 8 "Correctness": yaku's hydrology (fill → D8 → accumulation → streams → watershed) against GRASS GIS
 * r.watershed -s / r.water.outlet (scripts/reference/grass-hydrology.sh) on the same DEM file and pour points.
 * Criteria and their exact definitions: docs/terrain.md "Correctness". Skips when `grass` is not installed.
 *
 * Criteria that yaku does not meet yet are registered with `it.fails` ("brecha conocida / known gap"): they pass
 * while the gap exists and turn red as soon as the algorithm meets the criterion — then change `it.fails` to `it`
 * (remove the entry from `gaps`). Every case logs its numbers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cone, microcuenca, pit, plateau, vValley } from '../../../scripts/bench/raster.synthetic';
import { readGeoTiff } from '../../../src/lib/geo/raster/readGeoTiff';
import { readHgt } from '../../../src/lib/geo/raster/readHgt';
import type { Dem } from '../../../src/lib/geo/raster/types';
import { writeGeoTiff } from '../../../src/lib/geo/raster/writeGeoTiff';
import {
	compare,
	cropToData,
	hasCommand,
	pickPourCells,
	runGrass,
	summary,
	yakuHydrology,
	type Agreement
} from './grassReference';

const THRESHOLD_CELLS = 100;
const REAL_SOURCE = '../shared/peer-corpus/files/USDAForestService+gdalraster/inst/extdata/storml_elev.tif';

type Criterion = 'basin' | 'pourAccumulation' | 'accumulation' | 'basinEveryCell' | 'streams';
interface Case {
	name: string;
	/** writes the DEM file GRASS reads and returns yaku's reading of the same file */
	make: (dir: string) => Promise<{ file: string; dem: Dem }>;
	needsReal?: boolean;
	/** criteria not met today (it.fails) and why — keep docs/terrain.md in step */
	gaps: Partial<Record<Criterion, string>>;
}

async function synthetic(dir: string, dem: Dem) {
	const file = join(dir, `${dem.metadata.name}.tif`);
	writeFileSync(file, writeGeoTiff({ ...dem, nodata: -9999 }));
	return { file, dem: (await readGeoTiff(readFileSync(file), {})).dem };
}

let realDir = '';
function realDem(dir: string): string {
	if (!realDir) {
		realDir = join(dir, 'real');
		execFileSync('bash', ['scripts/reference/real-srtm-format-dem.sh', realDir, REAL_SOURCE], {
			stdio: 'pipe'
		});
	}
	return realDir;
}

// yaku routes with flowRouting (least-cost search like r.watershed; edge cells drain like r.watershed's drainage
// map, along the edge too, so basins match r.water.outlet), accumulates with edgeFlow: false (edge cells pass
// no flow, like r.watershed's accumulation raster, which the streams follow) and turns edge cells with
// accumulation ≥ T to drain out (edgeStreamOutlets, r.watershed's drainage at the same threshold).
// No gap is registered today: every criterion below passes on all 7 DEMs. Keep `gaps` for honest bookkeeping
// if a new DEM case shows one.
const CASES: Case[] = [
	{
		name: 'SYNTHETIC v-valley 201²',
		make: (d) => synthetic(d, vValley(201)),
		gaps: {}
	},
	{
		name: 'SYNTHETIC cone 201²',
		make: (d) => synthetic(d, cone(201)),
		gaps: {}
	},
	{
		name: 'SYNTHETIC pit 101²',
		make: (d) => synthetic(d, pit(101)),
		// was a gap until flowRouting took r.watershed 8.2.1's diagonal rule on ties (pit-tie.test.ts): the plane
		// is flat in y, and GRASS counts a not-yet-expanded side neighbour of equal height in the rule
		gaps: {}
	},
	{
		name: 'SYNTHETIC plateau 201²',
		make: (d) => synthetic(d, plateau(201)),
		gaps: {}
	},
	{
		name: 'SYNTHETIC microcuenca 400²',
		make: (d) => synthetic(d, microcuenca(400)),
		gaps: {}
	},
	{
		name: 'REAL elevation → SRTM 1" .hgt → UTM 12N 30 m (GDAL), 127×97',
		needsReal: true,
		make: async (d) => {
			const file = join(realDem(d), 'N46W114_utm.tif');
			return { file, dem: (await readGeoTiff(readFileSync(file), {})).dem };
		},
		gaps: {}
	},
	{
		name: 'REAL elevation as SRTM 1" .hgt, geographic (cropped to data)',
		needsReal: true,
		make: async (d) => {
			const file = join(realDem(d), 'N46W114.hgt');
			return { file, dem: cropToData(await readHgt(readFileSync(file), 'N46W114.hgt')) };
		},
		// the diagonal rule in grid units (square 1" cells, like r.watershed in a lon/lat location) and on ties
		gaps: {}
	}
];

const grass = hasCommand('grass');
if (!grass)
	console.warn(
		'GRASS GIS no está instalado: se omite la comparación con r.watershed/r.water.outlet ' +
			'(apt-get install --no-install-recommends grass-core)'
	);
const realAvailable = existsSync(REAL_SOURCE) && hasCommand('gdalwarp');
if (grass && !realAvailable)
	console.warn(`No está ${REAL_SOURCE} (o falta GDAL): se omiten los casos con elevación real.`);

describe.skipIf(!grass)('hydrology agrees with GRASS r.watershed -s / r.water.outlet', () => {
	const dir = mkdtempSync(join(tmpdir(), 'yaku-grass-ref-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	for (const c of CASES) {
		describe.skipIf(c.needsReal && !realAvailable)(c.name, () => {
			let a: Agreement;
			beforeAll(async () => {
				const { file, dem } = await c.make(dir);
				const h = yakuHydrology(dem, THRESHOLD_CELLS);
				const pour = pickPourCells(dem, h);
				const out = join(dir, c.name.replace(/[^A-Za-z0-9]+/g, '_'));
				const g = await runGrass(file, out, dem, THRESHOLD_CELLS, pour);
				a = compare(dem, h, g, THRESHOLD_CELLS, pour);
				console.log(summary(c.name, a));
			}, 60_000);

			const title = (k: Criterion, text: string) =>
				c.gaps[k] ? `${text} — brecha conocida: ${c.gaps[k]}` : text;
			const test = (k: Criterion) => (c.gaps[k] ? it.fails : it);

			it('GRASS drainage is self-consistent (upstream count at each pour point = r.water.outlet cells)', () => {
				for (const b of a.basins) expect(b.grassUpstream).toBe(b.grassCells);
			});
			test('basin')(
				title('basin', 'watershed of each pour point within 1 % of r.water.outlet (cells and ha)'),
				() => {
					for (const b of a.basins) {
						expect(Math.abs(b.cellDiff)).toBeLessThanOrEqual(0.01);
						expect(Math.abs(b.areaDiff)).toBeLessThanOrEqual(0.01);
					}
				}
			);
			// The issue's words: "flow accumulation and watershed areas agree with GRASS r.watershed/r.water.outlet
			// within 1 % for the same pour point" — accumulation at the pour point vs r.watershed's accumulation
			// raster there (|value|: GRASS marks flow that may come from outside the DEM negative).
			test('pourAccumulation')(
				title(
					'pourAccumulation',
					'accumulation at each pour point within 1 % of r.watershed accumulation at that cell'
				),
				() => {
					for (const b of a.basins) {
						const [mine, theirs] = b.outletAcc;
						expect(Math.abs(mine - theirs) / theirs).toBeLessThanOrEqual(0.01);
					}
				}
			);
			// Stricter than the issue asks: every cell, not only the pour points — each quantity against the same
			// quantity of GRASS. (Until 2026-11-25 this compared yaku's accumulation raster with the upstream count
			// along GRASS's drainage map: unlike quantities, since r.watershed's drainage map routes edge cells along
			// the edge and its accumulation raster does not; GRASS's own raster fails that comparison too — the
			// summary logs it.)
			test('accumulation')(
				title(
					'accumulation',
					'accumulation raster: ≥ 99 % of cells with r.watershed accumulation ≥ T within 1 % of it'
				),
				() => {
					expect(a.accWithin1Pct).toBeGreaterThanOrEqual(0.99);
				}
			);
			test('basinEveryCell')(
				title(
					'basinEveryCell',
					'watershed at every cell: ≥ 99 % of cells with upstream count ≥ T within 1 % of GRASS (upstream along its drainage = r.water.outlet there)'
				),
				() => {
					expect(a.basinEveryCell).toBeGreaterThanOrEqual(0.99);
				}
			);
			test('streams')(
				title('streams', 'streams overlap GRASS streams ≥ 95 % both ways (one-cell buffer)'),
				() => {
					expect(a.streamsYakuNearGrass).toBeGreaterThanOrEqual(0.95);
					expect(a.streamsGrassNearYaku).toBeGreaterThanOrEqual(0.95);
				}
			);
		});
	}
});
