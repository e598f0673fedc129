/**
 * Layer catalogue: one layer per kind. A real layer loaded into `<dataDir>/layers/<kind>.geojson`
 * (by `npm run load-geodata`) supersedes the illustrative demo layer `geodata/<kind>.geojson`.
 * A missing, unparsable or invalid file makes only that layer `unavailable` (with a reason code and a
 * Spanish message); it never throws. Parsed files are cached in memory keyed by path + mtime + size.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
	LAYER_KIND_DEFS,
	isLayerKind,
	layerKindsByDrawOrder,
	type BBox,
	type LayerInfo,
	type LayerKind,
	type LayerProvenance,
	type LayerUnavailableReason
} from '../../geo/layerKinds';
import { validateGeoJSON } from '../../geo/validateGeoJSON';
import { geodataDir as defaultGeodataDir, layersDir, dataDir as defaultDataDir } from './paths';
import { parseGeoJSONText } from './readGeoJSONText';

/** Files above this size are refused rather than parsed on the request path. */
const MAX_LAYER_BYTES = 100 * 1024 * 1024;

export interface CatalogueDirs {
	/** Folder of the shipped demo layers (default env YAKU_GEODATA_DIR or ./geodata). */
	geodataDir?: string;
	/** App data folder (default env YAKU_DATA_DIR or ./data); real layers live in `<dataDir>/layers`. */
	dataDir?: string;
}

type LayerFile =
	| { ok: true; body: string; etag: string; featureCount: number; bbox: BBox | undefined }
	| { ok: false; reason: LayerUnavailableReason; message: string };

interface CacheEntry<T> {
	key: string;
	value: T;
}

const layerCache = new Map<string, CacheEntry<LayerFile>>();
const provenanceCache = new Map<string, CacheEntry<Partial<StoredProvenance> | null>>();

/** Provenance JSON as written by the loader / the demo authoring script. */
export interface StoredProvenance extends LayerProvenance {
	illustrative?: boolean;
	checksum?: string;
	sourceFile?: string;
	sourceCrs?: string;
	kind?: string;
}

async function fileKey(path: string): Promise<string | null> {
	try {
		const s = await stat(path);
		if (!s.isFile()) return null;
		return `${s.mtimeMs}:${s.size}`;
	} catch {
		return null;
	}
}

/** Reads, parses and validates one layer file, or returns null if it does not exist. Cached by mtime. */
async function readLayerFile(path: string, kind: LayerKind, label: string): Promise<LayerFile | null> {
	const key = await fileKey(path);
	if (key === null) return null;
	const cached = layerCache.get(path);
	if (cached && cached.key === key) return cached.value;
	const value = await parseLayerFile(path, kind, label, Number(key.split(':')[1]));
	layerCache.set(path, { key, value });
	return value;
}

async function parseLayerFile(
	path: string,
	kind: LayerKind,
	label: string,
	size: number
): Promise<LayerFile> {
	if (size > MAX_LAYER_BYTES) {
		return {
			ok: false,
			reason: 'GEODATA_INVALID',
			message: `Capa no disponible: ${label} pesa más de ${MAX_LAYER_BYTES / 1024 / 1024} MB.`
		};
	}
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch {
		return { ok: false, reason: 'GEODATA_MISSING', message: `Capa no disponible: no se pudo leer ${label}.` };
	}
	const parsed = parseGeoJSONText(text);
	if (!parsed.ok) {
		return {
			ok: false,
			reason: 'GEODATA_PARSE_ERROR',
			message: `Capa no disponible: ${label}: ${parsed.message}`
		};
	}
	const checked = validateGeoJSON(parsed.value, { geometryType: LAYER_KIND_DEFS[kind].geometryType });
	if (!checked.valid) {
		return {
			ok: false,
			reason: 'GEODATA_INVALID',
			message: `Capa no disponible: ${label}: ${checked.message}`
		};
	}
	const body = JSON.stringify(checked.featureCollection);
	const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
	return { ok: true, body, etag, featureCount: checked.featureCount, bbox: checked.bbox };
}

async function readProvenance(path: string): Promise<Partial<StoredProvenance> | null> {
	const key = await fileKey(path);
	if (key === null) return null;
	const cached = provenanceCache.get(path);
	if (cached && cached.key === key) return cached.value;
	let value: Partial<StoredProvenance> | null = null;
	try {
		const parsed = parseGeoJSONText(await readFile(path, 'utf8'));
		if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
			value = parsed.value as Partial<StoredProvenance>;
		}
	} catch {
		value = null;
	}
	provenanceCache.set(path, { key, value });
	return value;
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() ? v : fallback);

function provenanceFrom(p: Partial<StoredProvenance> | null, featureCount: number): LayerProvenance {
	const out: LayerProvenance = {
		source: str(p?.source, 'procedencia no declarada'),
		licence: str(p?.licence, 'no declarada'),
		crs: str(p?.crs, 'EPSG:4326'),
		date: str(p?.date, 'no declarada'),
		transformation: str(p?.transformation, 'no declarada'),
		featureCount
	};
	if (typeof p?.producer === 'string') out.producer = p.producer;
	if (typeof p?.attribution === 'string') out.attribution = p.attribution;
	if (typeof p?.loadedAt === 'string') out.loadedAt = p.loadedAt;
	return out;
}

interface ResolvedLayer {
	info: LayerInfo;
	file?: Extract<LayerFile, { ok: true }>;
}

async function resolveLayer(kind: LayerKind, dirs: CatalogueDirs): Promise<ResolvedLayer> {
	const def = LAYER_KIND_DEFS[kind];
	const base = {
		id: kind,
		kind,
		geometryType: def.geometryType,
		drawOrder: def.drawOrder
	};
	const realDir = layersDir(dirs.dataDir ?? defaultDataDir());
	const demoDir = dirs.geodataDir ?? defaultGeodataDir();
	const candidates: { dir: string; label: string; illustrative: boolean }[] = [
		{ dir: realDir, label: `data/layers/${kind}.geojson`, illustrative: false }
	];
	if (def.hasDemo) candidates.push({ dir: demoDir, label: `geodata/${kind}.geojson`, illustrative: true });

	for (const c of candidates) {
		const file = await readLayerFile(join(c.dir, `${kind}.geojson`), kind, c.label);
		if (file === null) continue;
		const stored = await readProvenance(join(c.dir, `${kind}.provenance.json`));
		const illustrative = typeof stored?.illustrative === 'boolean' ? stored.illustrative : c.illustrative;
		if (!file.ok) {
			return {
				info: {
					...base,
					status: 'unavailable',
					reason: file.reason,
					message: file.message,
					illustrative,
					featureCount: 0,
					provenance: provenanceFrom(stored, 0)
				}
			};
		}
		const info: LayerInfo = {
			...base,
			status: 'ok',
			illustrative,
			featureCount: file.featureCount,
			provenance: provenanceFrom(stored, file.featureCount)
		};
		if (file.bbox) info.bbox = file.bbox;
		return { info, file };
	}

	const message = def.hasDemo
		? `Capa no disponible: falta el archivo geodata/${kind}.geojson y no se han cargado datos reales.`
		: 'Capa no disponible: no se han cargado datos oficiales. Cárguelos con «npm run load-geodata -- <carpeta>».';
	return {
		info: {
			...base,
			status: 'unavailable',
			reason: 'GEODATA_MISSING',
			message,
			illustrative: false,
			featureCount: 0,
			provenance: provenanceFrom(null, 0)
		}
	};
}

/** All layers, in default draw order (bottom first). Never throws for bad files. */
export async function listLayers(dirs: CatalogueDirs = {}): Promise<LayerInfo[]> {
	const layers = await Promise.all(layerKindsByDrawOrder().map((kind) => resolveLayer(kind, dirs)));
	return layers.map((l) => l.info);
}

export type LayerLookup =
	| { found: false }
	| { found: true; info: LayerInfo; body?: undefined; etag?: undefined }
	| { found: true; info: LayerInfo; body: string; etag: string };

/**
 * One layer by id (= kind). `found: false` for unknown ids; when the layer is unavailable `body` is
 * undefined and `info.reason` / `info.message` say why. `body` is the serialized FeatureCollection.
 */
export async function getLayer(id: string, dirs: CatalogueDirs = {}): Promise<LayerLookup> {
	if (!isLayerKind(id)) return { found: false };
	const resolved = await resolveLayer(id, dirs);
	if (!resolved.file) return { found: true, info: resolved.info };
	return { found: true, info: resolved.info, body: resolved.file.body, etag: resolved.file.etag };
}

/** Drops the in-memory cache (tests). */
export function clearLayerCache(): void {
	layerCache.clear();
	provenanceCache.clear();
}
