/**
 * Property-based tests (fast-check): whatever the bytes, every driver either returns a result or
 * throws an ImportError with a catalogued code — never anything else. Mutations of valid fixtures
 * (bit flips, truncation, splices) reach much deeper than random bytes. Run time per parser:
 * FUZZ_SECONDS (default 2, as in the normal vitest run). One test file per parser (./<id>.test.ts) so that
 * vitest spreads them over the cores: `npm run fuzz` is the 30-second run per parser, part of
 * `npm test` (scripts/test-all.sh). FUZZ_SEED changes the (otherwise fixed, reproducible) seed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { driverById } from '../../../../src/lib/geo/import/registry';
import { ImportError, isImportCode } from '../../../../src/lib/geo/import/errors';
import type { FormatId } from '../../../../src/lib/geo/import/types';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 2);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const SEEDS: Record<FormatId, string> = {
	shapefile: 'parcelas_utm18s.zip',
	geojson: 'parcelas_32718_crs.geojson',
	kml: 'parcelas.kml',
	kmz: 'parcelas.kmz',
	gpx: 'puntos.gpx',
	csv: 'puntos_utm18s.csv',
	geotiff: 'dem_utm18s.tif'
};

function mutate(seed: Uint8Array) {
	return fc
		.tuple(
			fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
			fc.nat(),
			fc.boolean()
		)
		.map(([flips, cut, doCut]) => {
			const b = seed.slice();
			for (const [at, v] of flips) b[at % b.length] = v;
			return doCut ? b.slice(0, cut % (b.length + 1)) : b;
		});
}

/** Register the fuzz test of one parser (call at the top level of a test file). */
export function fuzzParser(id: FormatId): void {
	const seedFile = SEEDS[id];
	it(
		`fuzz ${id}: never throws anything but a catalogued ImportError (${SECONDS}s)`,
		async () => {
			const seed = new Uint8Array(readFileSync(`tests/fixtures/import/${seedFile}`));
			const driver = driverById(id);
			const arb = fc.oneof(mutate(seed), fc.uint8Array({ maxLength: 2048 }));
			await fc.assert(
				fc.asyncProperty(arb, async (bytes) => {
					try {
						await driver.read(bytes, { name: seedFile, limits: { maxUncompressedBytes: 64 << 20 } });
					} catch (e) {
						expect(e).toBeInstanceOf(ImportError);
						expect(isImportCode((e as ImportError).code)).toBe(true);
					}
				}),
				{ interruptAfterTimeLimit: SECONDS * 1000, numRuns: 1_000_000, seed: SEED }
			);
		},
		SECONDS * 1000 + 30_000
	);
}
