/**
 * Inputs found by the 30-second fuzz run (`npm run fuzz`) that once broke a reader; each must now give its
 * stable error code quickly and without a memory blow-up. Made by mutating the project's own fixtures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/lib/geo/import/errors';
import { driverById } from '../../../src/lib/geo/import/registry';

describe('fuzz-found inputs', () => {
	it('GeoTIFF whose RowsPerStrip is a DOUBLE (4e-309): IMPORT_TIFF_CORRUPT, no out-of-memory', async () => {
		// from tests/fixtures/import/dem_utm18s.tif with tag 278 rewritten as type 12 (DOUBLE): geotiff.js planned
		// ~1e310 strips and the fuzz worker died at the 4 GB heap limit
		const bytes = new Uint8Array(readFileSync('tests/fixtures/fuzz-found/geotiff-rowsperstrip-double.tif'));
		const before = process.memoryUsage().rss;
		const err = await driverById('geotiff')
			.read(bytes, { name: 'x.tif', limits: { maxUncompressedBytes: 64 << 20 } })
			.then(
				() => null,
				(e: unknown) => e
			);
		expect(err).toBeInstanceOf(ImportError);
		expect((err as ImportError).code).toBe('IMPORT_TIFF_CORRUPT');
		expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
	});
});
