/**
 * Real-data loader behind `npm run load-geodata -- <folder>`: reads GeoJSON files and shapefiles
 * (.shp+.dbf+.prj[+.cpg], or zipped) from a folder, classifies each one as a layer kind through a
 * manifest (`yaku-layers.json` in the folder, `--kind-map`, or a seed manifest shipped in
 * scripts/seed-manifests), reprojects to WGS84, validates, and writes
 * `<dataDir>/layers/<kind>.geojson` + `<kind>.provenance.json` atomically (temp file + rename).
 * One bad file never stops the others; each gets a status and a stable code.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { LAYER_KIND_DEFS, isLayerKind, type LayerKind } from '../../geo/layerKinds';
import { validateGeoJSON } from '../../geo/validateGeoJSON';
import type { StoredProvenance } from './catalogue';
import { MANIFEST_NAME, findSeedManifest, readManifest, type Manifest, type ManifestFile } from './manifest';
import { dataDir as defaultDataDir, layersDir } from './paths';
import { parseGeoJSONText } from './readGeoJSONText';
import { ShapefileError, readShapefile } from './readShapefile';
import { ZipError, readZip } from './readZip';
import { PSAD56_TRANSFORMATION } from '../../geo/crs';
import {
	WGS84,
	crsFromDeclared,
	crsFromName,
	crsFromPrj,
	reprojectGeometry,
	type SourceCrs
} from './sourceCrs';

const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

export type LoadStatus = 'loaded' | 'unchanged' | 'skipped' | 'invalid';

export type LoadCode =
	| 'GEODATA_UNCLASSIFIED'
	| 'GEODATA_MISSING'
	| 'GEODATA_DUPLICATE_KIND'
	| 'GEODATA_PARSE_ERROR'
	| 'GEODATA_INVALID'
	| 'GEODATA_CRS_UNKNOWN'
	| 'GEODATA_TOO_LARGE'
	| 'GEODATA_WRITE_ERROR';

export interface LoadFileResult {
	/** File name inside the folder (a shapefile is named by its .shp). */
	file: string;
	kind?: LayerKind;
	status: LoadStatus;
	code?: LoadCode;
	/** Spanish explanation for skipped / invalid files. */
	message?: string;
	featureCount?: number;
	sourceCrs?: string;
	warnings: string[];
}

export interface LoadReport {
	folder: string;
	dataDir: string;
	/** Manifest used, if any. */
	manifest: string | null;
	results: LoadFileResult[];
}

export interface LoadGeodataOptions {
	folder: string;
	/** Default env YAKU_DATA_DIR or ./data. */
	dataDir?: string;
	/** Explicit manifest (same format as yaku-layers.json); wins over the folder's own. */
	kindMapFile?: string;
	/** Folder of seed manifests for known folders. Default ./scripts/seed-manifests. */
	seedManifestsDir?: string;
	now?: () => Date;
}

/** Bad command line or manifest: the CLI exits non-zero. */
export class LoaderUsageError extends Error {
	constructor(
		message: string,
		readonly code: string = 'LOADER_USAGE'
	) {
		super(message);
	}
}

class FileProblem extends Error {
	constructor(
		readonly code: LoadCode,
		message: string
	) {
		super(message);
	}
}

interface Source {
	/** Name shown in reports and looked up in the manifest. */
	name: string;
	format: 'geojson' | 'shapefile' | 'zip';
	/** Paths of all the files that make it up (for the checksum). */
	paths: string[];
}

interface Parsed {
	fc: FeatureCollection;
	sourceCrs: string;
	/** Description of the reprojection, when one was applied. */
	reprojection?: string;
	checksum: string;
	warnings: string[];
}

const lower = (n: string) => n.toLowerCase();
const stem = (n: string) => n.slice(0, n.length - extname(n).length);

async function discover(folder: string): Promise<{ sources: Source[]; names: string[] }> {
	const entries = await readdir(folder, { withFileTypes: true });
	const names = entries.filter((e) => e.isFile()).map((e) => e.name);
	const byLower = new Map(names.map((n) => [lower(n), n]));
	const sources: Source[] = [];
	for (const name of [...names].sort()) {
		const ext = lower(extname(name));
		if (name === MANIFEST_NAME || lower(name).endsWith('.provenance.json')) continue;
		if (ext === '.geojson' || ext === '.json') {
			sources.push({ name, format: 'geojson', paths: [join(folder, name)] });
		} else if (ext === '.zip') {
			sources.push({ name, format: 'zip', paths: [join(folder, name)] });
		} else if (ext === '.shp') {
			const paths = [join(folder, name)];
			for (const side of ['.dbf', '.prj', '.cpg']) {
				const sibling = byLower.get(lower(stem(name)) + side);
				if (sibling) paths.push(join(folder, sibling));
			}
			sources.push({ name, format: 'shapefile', paths });
		}
	}
	return { sources, names };
}

function checksumOf(buffers: Buffer[]): string {
	const h = createHash('sha256');
	for (const b of buffers) h.update(b);
	return `sha256:${h.digest('hex')}`;
}

/** Declared (manifest) CRS wins; then the file's own (.prj or crs member); else WGS84. */
function resolveCrs(
	declared: string | undefined,
	own: (() => SourceCrs | null) | undefined,
	ownRaw?: string
): SourceCrs {
	if (declared) {
		const crs = crsFromDeclared(declared);
		if (!crs) throw new FileProblem('GEODATA_CRS_UNKNOWN', `CRS declarado no admitido: ${declared}.`);
		return crs;
	}
	if (own) {
		let crs: SourceCrs | null;
		try {
			crs = own();
		} catch (e) {
			crs = null;
			ownRaw = (e as Error).message;
		}
		if (!crs) {
			throw new FileProblem(
				'GEODATA_CRS_UNKNOWN',
				`CRS no reconocido (${(ownRaw ?? '').slice(0, 100)}); declare "crs" (p. ej. "EPSG:32718") en ${MANIFEST_NAME}.`
			);
		}
		return crs;
	}
	return crsFromName(WGS84) as SourceCrs;
}

function describeReprojection(crs: SourceCrs): string {
	const how = typeof crs.def === 'string' ? crs.def : 'definición WKT del .prj';
	const psad = /^EPSG:(2487[789]|4248)$/.test(crs.id) ? `, ${PSAD56_TRANSFORMATION}` : '';
	return `reproyectado de ${crs.id} a EPSG:4326 con proj4 (${how}${psad})`;
}

function toWgs84(fc: FeatureCollection, crs: SourceCrs): { fc: FeatureCollection; reprojection?: string } {
	if (crs.id === WGS84) return { fc };
	try {
		const features = fc.features.map((f): Feature =>
			f.geometry ? { ...f, geometry: reprojectGeometry(f.geometry as Geometry, crs.def) } : f
		);
		return { fc: { type: 'FeatureCollection', features }, reprojection: describeReprojection(crs) };
	} catch {
		throw new FileProblem('GEODATA_INVALID', 'Coordenadas mal formadas: no se pudieron reproyectar.');
	}
}

function parseGeoJSONBuffer(buf: Buffer, declaredCrs: string | undefined): Parsed {
	const parsed = parseGeoJSONText(buf.toString('utf8'));
	if (!parsed.ok) throw new FileProblem('GEODATA_PARSE_ERROR', parsed.message);
	const value = parsed.value as { type?: unknown; crs?: { properties?: { name?: unknown } } } | null;
	if (!value || typeof value !== 'object' || value.type !== 'FeatureCollection') {
		throw new FileProblem('GEODATA_INVALID', 'El archivo no es una FeatureCollection GeoJSON.');
	}
	const member = value.crs?.properties?.name;
	const memberName = typeof member === 'string' ? member : undefined;
	const hasMember = value.crs !== undefined && value.crs !== null;
	const crs = resolveCrs(
		declaredCrs,
		hasMember ? () => (memberName ? crsFromName(memberName) : null) : undefined,
		memberName ?? JSON.stringify(value.crs)
	);
	const fc = { ...(value as unknown as FeatureCollection) } as FeatureCollection & { crs?: unknown };
	delete fc.crs;
	if (!Array.isArray(fc.features))
		throw new FileProblem('GEODATA_INVALID', 'La colección no tiene "features".');
	const out = toWgs84(fc, crs);
	return {
		fc: out.fc,
		sourceCrs: crs.id,
		reprojection: out.reprojection,
		checksum: checksumOf([buf]),
		warnings: []
	};
}

async function parseShapefileParts(
	name: string,
	parts: { shp: Buffer; dbf?: Buffer; prj?: Buffer; cpg?: Buffer },
	declaredCrs: string | undefined
): Promise<Omit<Parsed, 'checksum'>> {
	const prjText = parts.prj?.toString('utf8').replace(/^\uFEFF/, '');
	const crs = resolveCrs(declaredCrs, prjText ? () => crsFromPrj(prjText) : undefined);
	const warnings: string[] = [];
	if (!prjText && !declaredCrs) warnings.push(`${name}: sin .prj; se asume EPSG:4326 (WGS84 lon/lat).`);
	try {
		const read = await readShapefile({
			name,
			shp: parts.shp,
			...(parts.dbf ? { dbf: parts.dbf } : {}),
			...(parts.cpg ? { cpg: parts.cpg.toString('utf8') } : {})
		});
		warnings.push(...read.warnings);
		const out = toWgs84(read.featureCollection, crs);
		return { fc: out.fc, sourceCrs: crs.id, reprojection: out.reprojection, warnings };
	} catch (e) {
		if (e instanceof ShapefileError) throw new FileProblem('GEODATA_INVALID', e.message);
		throw e;
	}
}

async function readSource(source: Source, declaredCrs: string | undefined): Promise<Parsed> {
	for (const p of source.paths) {
		if ((await stat(p)).size > MAX_SOURCE_BYTES) {
			throw new FileProblem(
				'GEODATA_TOO_LARGE',
				`${basename(p)} supera ${MAX_SOURCE_BYTES / 1024 / 1024} MB.`
			);
		}
	}
	const buffers = await Promise.all(source.paths.map((p) => readFile(p)));
	const checksum = checksumOf(buffers);
	if (source.format === 'geojson') return parseGeoJSONBuffer(buffers[0] as Buffer, declaredCrs);
	if (source.format === 'shapefile') {
		const parts: { shp: Buffer; dbf?: Buffer; prj?: Buffer; cpg?: Buffer } = { shp: buffers[0] as Buffer };
		source.paths.forEach((p, i) => {
			const ext = lower(extname(p)).slice(1);
			if (ext === 'dbf' || ext === 'prj' || ext === 'cpg') parts[ext] = buffers[i] as Buffer;
		});
		return { ...(await parseShapefileParts(source.name, parts, declaredCrs)), checksum };
	}
	// zip: exactly one layer inside (one .shp with its siblings, or one .geojson/.json)
	let entries;
	try {
		entries = readZip(
			buffers[0] as Buffer,
			(n) => /\.(shp|dbf|prj|cpg|geojson|json)$/i.test(n) && !n.includes('__MACOSX')
		);
	} catch (e) {
		if (e instanceof ZipError) throw new FileProblem('GEODATA_INVALID', `${source.name}: ${e.message}`);
		throw e;
	}
	const layers = entries.filter((e) => /\.(shp|geojson|json)$/i.test(e.name));
	if (layers.length !== 1) {
		throw new FileProblem(
			'GEODATA_INVALID',
			`${source.name}: el ZIP debe contener exactamente una capa (.shp o .geojson); tiene ${layers.length}.`
		);
	}
	const layer = layers[0] as { name: string; data: Buffer };
	if (/\.(geojson|json)$/i.test(layer.name))
		return { ...parseGeoJSONBuffer(layer.data, declaredCrs), checksum };
	const find = (ext: string) => entries.find((e) => lower(e.name) === lower(stem(layer.name)) + ext)?.data;
	const parts: { shp: Buffer; dbf?: Buffer; prj?: Buffer; cpg?: Buffer } = { shp: layer.data };
	for (const ext of ['dbf', 'prj', 'cpg'] as const) {
		const data = find(`.${ext}`);
		if (data) parts[ext] = data;
	}
	return { ...(await parseShapefileParts(basename(layer.name), parts, declaredCrs)), checksum };
}

function manifestEntry(manifest: Manifest | null, source: Source): ManifestFile | undefined {
	if (!manifest) return undefined;
	return (
		manifest.files[source.name] ??
		(source.format === 'shapefile' ? manifest.files[stem(source.name)] : undefined)
	);
}

async function readJsonIfExists(path: string): Promise<Record<string, unknown> | null> {
	try {
		return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
	} catch {
		return null;
	}
}

async function writeAtomically(dir: string, files: [name: string, content: string][]): Promise<void> {
	await mkdir(dir, { recursive: true });
	const tmps = files.map(([name]) => join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`));
	try {
		await Promise.all(files.map(([, content], i) => writeFile(tmps[i] as string, content)));
		for (let i = 0; i < files.length; i++) await rename(tmps[i] as string, join(dir, files[i]![0]));
	} catch (e) {
		await Promise.all(tmps.map((t) => unlink(t).catch(() => undefined)));
		throw e;
	}
}

/** Loads every classifiable file of `folder`. Throws LoaderUsageError only for usage problems. */
export async function loadGeodataFolder(options: LoadGeodataOptions): Promise<LoadReport> {
	const folder = resolve(options.folder);
	const dataDir = resolve(options.dataDir ?? defaultDataDir());
	const now = options.now ?? (() => new Date());
	try {
		if (!(await stat(folder)).isDirectory()) throw new Error('not a directory');
	} catch {
		throw new LoaderUsageError(`No existe la carpeta ${folder} / folder not found.`);
	}
	const { sources, names } = await discover(folder);

	let manifest: Manifest | null = null;
	let manifestPath: string | null = null;
	try {
		if (options.kindMapFile) {
			manifestPath = resolve(options.kindMapFile);
			manifest = await readManifest(manifestPath);
		} else if (names.includes(MANIFEST_NAME)) {
			manifestPath = join(folder, MANIFEST_NAME);
			manifest = await readManifest(manifestPath);
		} else {
			const seed = await findSeedManifest(
				resolve(options.seedManifestsDir ?? 'scripts/seed-manifests'),
				names
			);
			if (seed) ({ path: manifestPath, manifest } = seed);
		}
	} catch (e) {
		throw new LoaderUsageError((e as Error).message, 'LOADER_MANIFEST_INVALID');
	}

	const results: LoadFileResult[] = [];
	const taken = new Set<LayerKind>();
	const outDir = layersDir(dataDir);

	for (const source of sources) {
		const entry = manifestEntry(manifest, source);
		const result: LoadFileResult = { file: source.name, status: 'skipped', warnings: [] };
		results.push(result);
		let kind: LayerKind | undefined = entry?.kind;
		if (!kind && isLayerKind(stem(source.name))) {
			kind = stem(source.name) as LayerKind;
			result.warnings.push(
				`Capa deducida del nombre del archivo; procedencia no declarada en ${MANIFEST_NAME}.`
			);
		}
		if (!kind) {
			result.code = 'GEODATA_UNCLASSIFIED';
			result.message = `No se sabe qué capa es: declárela en ${MANIFEST_NAME} o use --kind-map.`;
			continue;
		}
		result.kind = kind;
		if (taken.has(kind)) {
			result.code = 'GEODATA_DUPLICATE_KIND';
			result.message = `Otra fuente ya cargó la capa «${kind}» en esta ejecución.`;
			continue;
		}
		const declared = { ...manifest?.defaults, ...entry };
		try {
			const parsed = await readSource(source, declared.crs);
			result.sourceCrs = parsed.sourceCrs;
			result.warnings.push(...parsed.warnings);
			const withGeometry = parsed.fc.features.filter((f) => f && f.geometry !== null);
			const dropped = parsed.fc.features.length - withGeometry.length;
			if (dropped > 0) result.warnings.push(`${dropped} entidades sin geometría omitidas.`);
			const fc: FeatureCollection = { type: 'FeatureCollection', features: withGeometry };
			const checked = validateGeoJSON(fc, { geometryType: LAYER_KIND_DEFS[kind].geometryType });
			if (!checked.valid) throw new FileProblem('GEODATA_INVALID', checked.message);

			const declaredDigest = createHash('sha256').update(JSON.stringify(declared)).digest('hex').slice(0, 16);
			const previous = await readJsonIfExists(join(outDir, `${kind}.provenance.json`));
			taken.add(kind);
			result.featureCount = checked.featureCount;
			if (
				previous &&
				previous.checksum === parsed.checksum &&
				previous.declaredDigest === declaredDigest &&
				(await stat(join(outDir, `${kind}.geojson`)).catch(() => null))
			) {
				result.status = 'unchanged';
				continue;
			}
			const steps = [declared.transformation ?? 'ninguna antes de la carga'];
			if (parsed.reprojection) steps.push(parsed.reprojection);
			if (dropped > 0) steps.push(`${dropped} entidades sin geometría omitidas`);
			const provenance: StoredProvenance & { declaredDigest: string; loader: string } = {
				kind,
				source: declared.source ?? `archivo ${source.name} (procedencia no declarada)`,
				licence: declared.licence ?? 'no declarada',
				crs: 'EPSG:4326',
				sourceCrs: parsed.sourceCrs,
				date: declared.date ?? 'no declarada',
				transformation: steps.join('; '),
				featureCount: checked.featureCount,
				checksum: parsed.checksum,
				sourceFile: source.name,
				loadedAt: now().toISOString(),
				illustrative: declared.illustrative ?? false,
				declaredDigest,
				loader: 'yaku load-geodata'
			};
			if (declared.producer) provenance.producer = declared.producer;
			if (declared.attribution) provenance.attribution = declared.attribution;
			try {
				await writeAtomically(outDir, [
					[`${kind}.geojson`, JSON.stringify(checked.featureCollection)],
					[`${kind}.provenance.json`, JSON.stringify(provenance, null, '\t') + '\n']
				]);
			} catch (e) {
				throw new FileProblem(
					'GEODATA_WRITE_ERROR',
					`No se pudo escribir en ${outDir}: ${(e as Error).message}`
				);
			}
			result.status = 'loaded';
		} catch (e) {
			if (!(e instanceof FileProblem)) throw e;
			result.status = 'invalid';
			result.code = e.code;
			result.message = e.message;
		}
	}

	if (manifest) {
		const present = new Set(sources.map((s) => s.name));
		for (const name of Object.keys(manifest.files)) {
			if (!present.has(name) && !present.has(`${name}.shp`)) {
				results.push({
					file: name,
					kind: manifest.files[name]?.kind,
					status: 'skipped',
					code: 'GEODATA_MISSING',
					message: 'El manifiesto lo declara pero no está en la carpeta.',
					warnings: []
				});
			}
		}
	}
	return { folder, dataDir, manifest: manifestPath, results };
}

const STATUS_ES: Record<LoadStatus, string> = {
	loaded: 'cargado',
	unchanged: 'sin cambios',
	skipped: 'omitido',
	invalid: 'inválido'
};

/** Plain-text summary table of a load report. */
export function formatLoadReport(report: LoadReport): string {
	const rows = report.results.map((r) => [
		r.file,
		r.kind ?? '—',
		STATUS_ES[r.status],
		r.featureCount === undefined ? '' : String(r.featureCount),
		r.sourceCrs ?? '',
		[r.code, r.message].filter(Boolean).join(': ')
	]);
	const header = ['archivo', 'capa', 'estado', 'entidades', 'CRS origen', 'detalle'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => c.padEnd(widths[i] as number))
			.join('  ')
			.trimEnd();
	const out = [
		`Carga de geodatos desde ${report.folder}`,
		`Destino: ${layersDir(report.dataDir)}`,
		`Manifiesto: ${report.manifest ?? 'ninguno'}`,
		'',
		line(header),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map(line)
	];
	const warnings = report.results.flatMap((r) => r.warnings.map((w) => `  aviso (${r.file}): ${w}`));
	if (warnings.length) out.push('', ...warnings);
	const count = (s: LoadStatus) => report.results.filter((r) => r.status === s).length;
	out.push(
		'',
		`${count('loaded')} cargados, ${count('unchanged')} sin cambios, ${count('skipped')} omitidos, ${count('invalid')} inválidos.`
	);
	return out.join('\n');
}
