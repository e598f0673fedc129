/** Export registry: one function per format, all taking WGS84 GeoJSON. */
import type { FeatureCollection } from 'geojson';
import { exportCSV } from './csv';
import { exportGeoJSON } from './geojson';
import { exportKML } from './kml';
import { exportShapefile } from './shapefile';
import type { ExportFile, ExportFormat, ExportOptions } from './types';

export type { ExportEpsg, ExportFile, ExportFormat, ExportOptions } from './types';

export const EXPORTERS: Readonly<
	Record<ExportFormat, (fc: FeatureCollection, o: ExportOptions) => ExportFile>
> = Object.freeze({
	geojson: exportGeoJSON,
	shapefile: exportShapefile,
	kml: exportKML,
	csv: exportCSV
});

/** Write a layer, a selection or a filtered table (pass just those features) in `format`. */
export function exportLayer(fc: FeatureCollection, format: ExportFormat, opts: ExportOptions): ExportFile {
	return EXPORTERS[format](fc, opts);
}
