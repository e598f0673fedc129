/**
 * Digital elevation model (DEM) types shared by every raster operation in this folder.
 *
 * Conventions (all operations follow them):
 * - `data` is row-major, row 0 is the NORTH edge, column 0 the WEST edge; elevations in metres.
 * - Nodata cells are stored as NaN in `data` (readers convert the file's nodata value); `nodata` only
 *   records the value the source file used.
 * - `transform` is the GDAL affine geotransform of pixel CORNERS in the DEM's CRS:
 *   x = t[0] + col * t[1] + row * t[2];  y = t[3] + col * t[4] + row * t[5]  (t[5] < 0 for north-up).
 *   Cell centres are at (col + 0.5, row + 0.5). Rotated grids (t[2], t[4] ≠ 0) are rejected by readers.
 * - `crs` is an EPSG code: 4326 (geographic, degrees) or a projected CRS known to `../crs.ts` (UTM, metres).
 *   For geographic DEMs the metric cell size varies by row: see `cellSize.ts`.
 */

export type GeoTransform = readonly [number, number, number, number, number, number];

export interface DemMetadata {
	/** Human name, e.g. 'S14W073+S14W072' or the file name. */
	name: string;
	/** Where the elevations came from, e.g. 'SRTM 1" (.hgt)', 'GeoTIFF', 'SYNTHETIC cone'. */
	source: string;
	/** True for generated test terrain: must never be shown as the real terrain. */
	synthetic: boolean;
	/** Set when the DEM was downsampled or cropped, e.g. 'downsampled ×2 from 10000×10000'. */
	note?: string;
}

export interface Dem {
	width: number;
	height: number;
	/** Elevation in metres, NaN = nodata. Length width*height. */
	data: Float32Array;
	/** The nodata value used by the source file (informational; in `data` nodata is NaN). */
	nodata: number | null;
	transform: GeoTransform;
	/** EPSG code of `transform`'s coordinates (4326 or a projected metric CRS). */
	crs: number;
	/** Nominal cell size in metres at the DEM centre (x = east-west, y = north-south). */
	cellSizeM: { x: number; y: number };
	metadata: DemMetadata;
}

/** Serializable DEM description without the pixel data (what workers return to the UI). */
export type DemInfo = Omit<Dem, 'data'> & {
	bbox: [number, number, number, number];
	bboxLonLat: [number, number, number, number];
	minM: number;
	maxM: number;
	validCells: number;
};

/** Options every long-running operation accepts. */
export interface RunOptions {
	/** Called with a fraction 0..1 now and then (not on every row). */
	onProgress?: (fraction: number) => void;
	/** Checked in the main loops; when it returns true the operation throws RasterError('RASTER_CANCELLED'). */
	shouldCancel?: () => boolean;
}

export type RasterErrorCode =
	| 'RASTER_CANCELLED'
	| 'DEM_PARSE_ERROR'
	| 'DEM_EMPTY'
	| 'DEM_TOO_LARGE'
	| 'DEM_DECOMPRESSION_BOMB'
	| 'DEM_CRS_UNKNOWN'
	| 'DEM_UNSUPPORTED'
	| 'DEM_MERGE_MISMATCH'
	| 'POINT_OUTSIDE_DEM'
	| 'GRID_MISMATCH'
	| 'INVALID_PARAMETER';

/** Error with a stable code and a Spanish, user-facing message. */
export class RasterError extends Error {
	readonly code: RasterErrorCode;
	constructor(code: RasterErrorCode, message: string) {
		super(message);
		this.name = 'RasterError';
		this.code = code;
	}
}

/**
 * Progress/cancel helper used inside loops: call `tick(i)` with a counter; it reports progress about
 * every 1/50 of `total` and checks cancellation at the same points (cheap in tight loops).
 */
export function makeTicker(total: number, opts: RunOptions | undefined, from = 0, to = 1) {
	const step = Math.max(1, Math.floor(total / 50));
	let next = step;
	const onProgress = opts?.onProgress;
	const shouldCancel = opts?.shouldCancel;
	return (i: number): void => {
		if (i < next) return;
		next = i + step;
		if (shouldCancel && shouldCancel()) throw new RasterError('RASTER_CANCELLED', 'Operación cancelada.');
		if (onProgress) onProgress(from + ((to - from) * Math.min(i, total)) / total);
	};
}

export function assertSameGrid(
	dem: { width: number; height: number },
	grid: ArrayLike<number>,
	what: string
) {
	if (grid.length !== dem.width * dem.height)
		throw new RasterError(
			'GRID_MISMATCH',
			`La grilla ${what} no coincide con el DEM (${grid.length} celdas).`
		);
}
