/**
 * Public types of the import library (see docs/import-export.md). Everything here is plain data, so it
 * crosses a Web Worker boundary (structured clone) unchanged — except `signal` and `onProgress`, which
 * the worker client handles on its side.
 */
import type { Feature, Geometry } from 'geojson';
import type { ImportCode } from './errors';

export type FormatId = 'shapefile' | 'geojson' | 'kml' | 'kmz' | 'gpx' | 'csv' | 'geotiff';

/** A warning or a reason, with a stable machine code and a Spanish message. */
export interface Issue {
	code: ImportCode;
	message: string;
	messageEn?: string;
	params?: Record<string, string | number>;
}

/** Hard caps. Enforced by the readers (sizes, counts) and by the worker client (time). */
export interface Limits {
	/** Largest input file in bytes. */
	maxBytes: number;
	/** Largest total uncompressed size of the entries read from a zip/KMZ. */
	maxUncompressedBytes: number;
	/** Largest allowed uncompressed/compressed ratio of one zip entry (zip bombs). */
	maxRatio: number;
	maxFeatures: number;
	/** Vertices over all features. */
	maxVertices: number;
	/** XML element / JSON bracket nesting depth. */
	maxDepth: number;
	/** width × height × bands of a raster. */
	maxRasterSamples: number;
	/** Wall-clock deadline; the worker client terminates the worker after it. */
	timeMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
	maxBytes: 200 * 1024 * 1024,
	maxUncompressedBytes: 512 * 1024 * 1024,
	maxRatio: 200,
	maxFeatures: 500_000,
	maxVertices: 20_000_000,
	maxDepth: 128,
	maxRasterSamples: 64 * 1024 * 1024,
	timeMs: 60_000
});

/** Column choice for CSV; every member optional (auto-detected when absent). */
export interface CsvOptions {
	delimiter?: ',' | ';' | '\t' | '|';
	/** Decimal separator of numbers. Auto: ',' when the delimiter is ';' and values look like 1,5. */
	decimal?: '.' | ',';
	/** Column names for geographic coordinates… */
	lon?: string;
	lat?: string;
	/** …or for projected (UTM) coordinates. */
	x?: string;
	y?: string;
	/** A WKT geometry column. */
	wkt?: string;
}

export interface ReadOptions {
	/** File name (used for layer names, extension hints and messages). */
	name: string;
	/** CRS confirmed by the user, e.g. 'EPSG:32718'; overrides what the file says (and the guess). */
	sourceCrs?: string;
	csv?: CsvOptions;
	signal?: AbortSignal;
	/** Called with 0..1 now and then. */
	onProgress?: (fraction: number) => void;
	limits?: Partial<Limits>;
}

/** Options as they cross to the worker (no functions, no signal). */
export type WorkerReadOptions = Omit<ReadOptions, 'signal' | 'onProgress'>;

export interface CrsCandidate {
	/** 'EPSG:32718' */
	id: string;
	label: string;
	/** 0..1, candidates sorted by it. */
	score: number;
	/** Spanish reason (e.g. "caería en Chinchero"). */
	reason: string;
}

export interface LayerCrs {
	/** What the file declares (EPSG id, or 'PRJ:<name>' for a .prj we can use but is not in crs.ts). */
	detected?: string;
	/** Proposed when nothing is declared. Ranked, best first. */
	proposed?: CrsCandidate[];
	/**
	 * CRS the features were converted from to WGS84. `null` means the CRS is unknown and must be
	 * confirmed: then `features` is empty (never read with a guessed CRS) and `pendingFeatureCount` says
	 * how many are waiting. Re-read with `sourceCrs` once the user picks one.
	 */
	used: string | null;
	/** Human label of `used` (or of `detected`). */
	label?: string;
	/** true when `used` came from the file or the user; false when assumed (e.g. lon/lat-looking values). */
	confirmed: boolean;
}

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'mixed';

export interface FieldInfo {
	name: string;
	type: FieldType;
	/** Source-format detail, e.g. dbf 'N(10,2)'. */
	source?: string;
}

export interface InvalidFeature {
	/** Index in the file's order within this layer (0-based). */
	index: number;
	reason: Issue;
	/** The raw feature when it could be built (source coordinates), for a "fix with consent" step. */
	feature?: Feature<Geometry | null>;
}

export interface RasterData {
	width: number;
	height: number;
	bands: number;
	kind: 'dem' | 'rgb';
	/** [minX, minY, maxX, maxY] in the source CRS. */
	bbox: [number, number, number, number];
	/** Corners in WGS84 lon/lat [[ul],[ur],[lr],[ll]] (MapLibre image source order), when the CRS is known. */
	cornersWgs84?: [[number, number], [number, number], [number, number], [number, number]];
	/** Pixel size in CRS units [x, y]. */
	resolution: [number, number];
	noData: number | null;
	/** DEM: first band as Float32 (noData → NaN). */
	values?: Float32Array;
	/** RGB: RGBA 8-bit, row-major (ready for an ImageData / canvas). */
	rgba?: Uint8ClampedArray;
	min?: number;
	max?: number;
	sampleType: string;
	/** false: the TIFF has no georeferencing (bbox/resolution in pixels; no CRS can place it, none is asked). */
	georeferenced?: boolean;
}

export interface ImportedLayer {
	name: string;
	format: FormatId;
	crs: LayerCrs;
	/** Valid features, in WGS84 lon/lat (RFC 7946). */
	features: Feature<Geometry | null>[];
	/** Features that could not be used, with reasons (not in `features`). */
	invalid: InvalidFeature[];
	fields: FieldInfo[];
	/** Features waiting for a CRS confirmation (only when crs.used is null). */
	pendingFeatureCount?: number;
	/** [minLon, minLat, maxLon, maxLat] of `features`. */
	bbox?: [number, number, number, number];
	raster?: RasterData;
}

export interface ImportResult {
	format: FormatId;
	layers: ImportedLayer[];
	warnings: Issue[];
}

export interface Driver {
	id: FormatId;
	/** Lower-case, with dot: ['.kml']. Only a hint. */
	extensions: string[];
	/** Spanish name for the UI. */
	label: string;
	/** Confidence 0..1 judged by content; the extension may add a little. */
	sniff(bytes: Uint8Array, name: string): number;
	read(bytes: Uint8Array, opts: ReadOptions): Promise<ImportResult>;
}
