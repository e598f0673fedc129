/**
 * The import registry: drivers in one list, format detection by content (extension only a hint),
 * and `importFile`, the single entry point used by the worker and by Node code. Whatever a driver
 * throws comes out as an ImportError with a stable code.
 */
import { ReadContext, extensionOf } from './context';
import { ImportError, toImportError } from './errors';
import { csvDriver } from './drivers/csv';
import { geojsonDriver } from './drivers/geojson';
import { geotiffDriver } from './drivers/geotiff';
import { gpxDriver } from './drivers/gpx';
import { kmlDriver } from './drivers/kml';
import { kmzDriver } from './drivers/kmz';
import { shapefileDriver } from './drivers/shapefile';
import type { Driver, FormatId, ImportResult, ReadOptions } from './types';

export const DRIVERS: readonly Driver[] = Object.freeze([
	shapefileDriver,
	kmzDriver,
	geojsonDriver,
	kmlDriver,
	gpxDriver,
	geotiffDriver,
	csvDriver
]);

export function driverById(id: FormatId): Driver {
	const d = DRIVERS.find((x) => x.id === id);
	if (!d) throw new ImportError('IMPORT_UNKNOWN_FORMAT', { name: id });
	return d;
}

export interface SniffResult {
	id: FormatId;
	confidence: number;
}

/** All drivers' confidences for these bytes, best first (a matching extension adds 0.05). Never throws. */
export function sniffFormat(bytes: Uint8Array, name: string): SniffResult[] {
	const ext = extensionOf(name);
	return DRIVERS.map((d) => {
		let c: number;
		try {
			c = d.sniff(bytes, name);
		} catch {
			c = 0;
		}
		if (c > 0 && d.extensions.includes(ext)) c = Math.min(1, c + 0.05);
		return { id: d.id, confidence: c };
	})
		.filter((s) => s.confidence > 0)
		.sort((a, b) => b.confidence - a.confidence);
}

/**
 * Read a file of any supported format. `format` forces a driver (e.g. the user's choice in the
 * wizard); otherwise the best sniff wins. Always rejects with ImportError.
 */
export async function importFile(
	bytes: Uint8Array,
	opts: ReadOptions,
	format?: FormatId
): Promise<ImportResult> {
	try {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		let driver: Driver;
		if (format) driver = driverById(format);
		else {
			const best = sniffFormat(bytes, opts.name)[0];
			if (!best || best.confidence < 0.15)
				throw new ImportError('IMPORT_UNKNOWN_FORMAT', { name: opts.name.slice(0, 80) });
			driver = driverById(best.id);
		}
		return await driver.read(bytes, opts);
	} catch (e) {
		throw toImportError(e);
	}
}
