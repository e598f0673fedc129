/** Shared types of the exporters (see docs/import-export.md). Input is always WGS84 GeoJSON. */
export type ExportFormat = 'geojson' | 'shapefile' | 'kml' | 'csv';

/** Output CRS for formats that can carry one (shapefile, CSV). */
export type ExportEpsg = 4326 | 32718 | 32719;

export interface ExportOptions {
	/** Base file/layer name without extension, e.g. 'zanjas'. */
	name: string;
	/** Shapefile and CSV only; default 4326. */
	epsg?: ExportEpsg;
	/** CSV only: ';' with decimal comma for Spanish spreadsheets (default ','). */
	csvDelimiter?: ',' | ';';
}

export interface ExportFile {
	filename: string;
	mime: string;
	bytes: Uint8Array;
	/** Spanish notes, e.g. renamed shapefile fields. */
	notes: string[];
}

/** Base name safe for file names. */
export function safeName(name: string): string {
	const s = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9_-]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 60);
	return s || 'capa';
}
