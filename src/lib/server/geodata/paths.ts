/** Where the catalogue and the loader find geodata. Server-only. */
import { resolve, join } from 'node:path';

/** Shipped illustrative layers: env `YAKU_GEODATA_DIR`, default `<cwd>/geodata`. */
export function geodataDir(): string {
	return resolve(process.env.YAKU_GEODATA_DIR || 'geodata');
}

/** App data directory: env `YAKU_DATA_DIR`, default `<cwd>/data`. */
export function dataDir(): string {
	return resolve(process.env.YAKU_DATA_DIR || 'data');
}

/** Real layers loaded by `npm run load-geodata`: `<dataDir>/layers`. */
export function layersDir(base: string = dataDir()): string {
	return join(base, 'layers');
}
