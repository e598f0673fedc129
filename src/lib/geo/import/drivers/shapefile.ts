/**
 * Zipped shapefile driver: one layer per .shp (or .dbf-only table) in the zip, any folder depth.
 * Structure checks in ../shp.ts, caps in ../zip.ts, CRS from the .prj via ../../prj.ts.
 */
import type { Feature, Geometry } from 'geojson';
import { parsePrj, PrjError } from '../../prj';
import { baseName, extensionOf, ReadContext } from '../context';
import { ImportError } from '../errors';
import { declaredFromPrj, finishLayer, finishResult, type DeclaredCrs, type RawLayer } from '../layer';
import { readDbf, readShp } from '../shp';
import { cpgToLabel, decodeText } from '../text';
import type { Driver, ImportedLayer, ImportResult, ReadOptions } from '../types';
import { isZip, listZip, readZipAsync } from '../zip';

const PARTS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg']);

/** Group files by their path without extension (case-insensitive): 'a/Rios.SHP' → 'a/rios'. */
function groups(files: Map<string, Uint8Array>): Map<string, Map<string, Uint8Array>> {
	const out = new Map<string, Map<string, Uint8Array>>();
	for (const [name, bytes] of files) {
		const ext = extensionOf(name);
		if (!PARTS.has(ext)) continue;
		const key = name.slice(0, name.length - ext.length).toLowerCase();
		let g = out.get(key);
		if (!g) out.set(key, (g = new Map()));
		g.set(ext, bytes);
		g.set('#name', new TextEncoder().encode(baseName(name)));
	}
	return out;
}

function layerCrs(prj: Uint8Array | undefined, layer: string, ctx: ReadContext): DeclaredCrs | null {
	if (!prj) return null;
	const text = decodeText(prj, { allowLatin1: true }).text;
	try {
		const p = parsePrj(text);
		if (p.psad56ShiftAdded) ctx.warn('IMPORT_PRJ_PSAD56_SHIFT', { layer });
		if (p.datumWithoutShift) ctx.warn('IMPORT_PRJ_NO_DATUM_SHIFT', { layer, datum: p.datumWithoutShift });
		return declaredFromPrj(p);
	} catch (e) {
		if (!(e instanceof PrjError)) throw e;
		ctx.warn('IMPORT_PRJ_INVALID', { layer, detail: e.message });
		return null;
	}
}

function readOne(g: Map<string, Uint8Array>, ctx: ReadContext, opts: ReadOptions): ImportedLayer {
	const layer = new TextDecoder().decode(g.get('#name'));
	const shp = g.get('.shp');
	const shx = g.get('.shx');
	const dbf = g.get('.dbf');
	const cpg = g.get('.cpg');
	const encoding = cpg ? cpgToLabel(new TextDecoder('latin1').decode(cpg.subarray(0, 64))) : null;
	const max = ctx.limits.maxFeatures;
	let geometries: (Geometry | null)[] | null = null;
	if (shp) {
		if (!shx) throw new ImportError('IMPORT_SHP_NO_SHX', { layer });
		const r = readShp(shp, shx, layer, max);
		geometries = r.geometries;
		if (r.shxRepaired > 0) ctx.warn('IMPORT_SHX_REPAIRED', { layer, count: r.shxRepaired });
		ctx.progress(0.45);
	}
	let rows: Record<string, unknown>[] | null = null;
	let fields: RawLayer['fields'] = [];
	if (dbf) {
		const d = readDbf(dbf, layer, encoding, max);
		if (d.latin1Fallback) ctx.warn('IMPORT_DBF_ENCODING', { layer });
		rows = d.rows;
		fields = d.fields;
		if (geometries && rows.length !== geometries.length) {
			throw new ImportError('IMPORT_DBF_COUNT_MISMATCH', { layer, dbf: rows.length, shp: geometries.length });
		}
	} else {
		ctx.warn('IMPORT_SHP_NO_DBF', { layer });
	}
	if (!geometries) ctx.warn('IMPORT_SHP_NO_SHP', { layer });
	const n = geometries?.length ?? rows?.length ?? 0;
	const features: Feature<Geometry | null>[] = new Array(n);
	for (let i = 0; i < n; i++) {
		features[i] = { type: 'Feature', properties: rows?.[i] ?? {}, geometry: geometries?.[i] ?? null };
	}
	const raw: RawLayer = {
		name: layer,
		format: 'shapefile',
		features,
		fields,
		ownsGeometries: true,
		declared: geometries
			? layerCrs(g.get('.prj'), layer, ctx)
			: { id: 'EPSG:4326', label: 'WGS 84', epsg: 4326, proj4: '' }
	};
	return finishLayer(raw, ctx, opts.sourceCrs);
}

/** Read a shapefile from loose parts (file name → bytes), e.g. several files dropped at once. */
export async function readShapefileParts(
	files: Map<string, Uint8Array>,
	opts: ReadOptions
): Promise<ImportResult> {
	const ctx = new ReadContext(opts);
	return readGroups(files, ctx, opts);
}

function readGroups(files: Map<string, Uint8Array>, ctx: ReadContext, opts: ReadOptions): ImportResult {
	const gs = [...groups(files).values()].filter((g) => g.has('.shp') || g.has('.dbf'));
	if (gs.length === 0) throw new ImportError('IMPORT_ZIP_NO_SHAPEFILE');
	const layers: ImportedLayer[] = [];
	let firstError: unknown = null;
	for (const g of gs) {
		try {
			layers.push(readOne(g, ctx, opts));
		} catch (e) {
			if (
				!(e instanceof ImportError) ||
				e.code === 'IMPORT_CANCELLED' ||
				e.code.startsWith('IMPORT_TOO_MANY')
			)
				throw e;
			if (gs.length === 1) throw e;
			firstError ??= e;
			ctx.warnings.push(e.toIssue());
		}
	}
	if (layers.length === 0) throw firstError as ImportError;
	return finishResult('shapefile', layers, ctx);
}

export const shapefileDriver: Driver = {
	id: 'shapefile',
	extensions: ['.zip', '.shz'],
	label: 'Shapefile comprimido (.zip)',
	sniff(bytes) {
		if (!isZip(bytes)) return 0;
		try {
			const names = listZip(bytes).map((e) => extensionOf(e.name));
			if (names.includes('.shp')) return 0.95;
			if (names.includes('.dbf')) return 0.6;
			return names.includes('.kml') ? 0.1 : 0.3;
		} catch {
			return 0.3;
		}
	},
	async read(bytes, opts) {
		const ctx = new ReadContext(opts);
		ctx.checkSize(bytes);
		if (!isZip(bytes)) throw new ImportError('IMPORT_ZIP_CORRUPT', { detail: 'no es un archivo ZIP' });
		const files = await readZipAsync(
			bytes,
			ctx,
			(n) => PARTS.has(extensionOf(n)) && !n.startsWith('__MACOSX/')
		);
		return readGroups(files, ctx, opts);
	}
};
