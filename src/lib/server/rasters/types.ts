/** Stored reference rasters (issue 6): a web-ready image + where it goes on the map. docs/import-export.md. */
import type { AuditContext } from '../repo/types';

export type RasterKind = 'rgb' | 'dem';
export type RasterMime = 'image/png' | 'image/webp';
export type LonLat = [number, number];
export type Corners = [LonLat, LonLat, LonLat, LonLat];

/** What the server keeps about a raster besides the image (client-declared fields were validated). */
export interface RasterMetadata {
	sourceFormat: 'geotiff';
	/** Size of the GeoTIFF as read. */
	sourceWidth: number;
	sourceHeight: number;
	bands: number;
	/** Pixel size of the source in its CRS units [x, y] (metres for UTM, degrees for geographic). */
	resolution: [number, number];
	resolutionUnit: 'm' | '°';
	/** Source bbox in the source CRS, when declared. */
	sourceBbox?: [number, number, number, number];
	/** true when the stored image is smaller than the source (the wizard warned the user). */
	downsampled: boolean;
	/** DEM value range (m) and nodata. */
	min?: number;
	max?: number;
	noData?: number | null;
	/**
	 * Largest distance (m), over a 21×21 grid of the image, between where a pixel really is and where
	 * MapLibre draws it from the 4 corners (two affine triangles in Web Mercator). null when not computable.
	 */
	georefErrorM: number | null;
	provenance: { source?: string; producer?: string; licence?: string; date?: string; notes?: string };
	warnings: { code: string; message: string }[];
}

export interface RasterRecord {
	id: string;
	name: string;
	kind: RasterKind;
	mime: RasterMime;
	width: number;
	height: number;
	bytes: number;
	sha256: string;
	corners: Corners;
	bbox: [number, number, number, number];
	sourceFile: string;
	sourceCrs: string | null;
	metadata: RasterMetadata;
	createdBy: number | null;
	createdByUsername: string | null;
	createdAt: string;
}

export type NewRaster = Omit<RasterRecord, 'createdBy' | 'createdByUsername' | 'createdAt'>;

export interface RasterRepository {
	list(): Promise<RasterRecord[]>;
	get(id: string): Promise<RasterRecord | null>;
	/** Inserts the row and ONE audit entry (`raster.create`) in one transaction. */
	create(rec: NewRaster, ctx: AuditContext): Promise<RasterRecord>;
	/** Deletes the row and writes ONE audit entry (`raster.delete`); null when it did not exist. */
	delete(id: string, ctx: AuditContext): Promise<RasterRecord | null>;
}
