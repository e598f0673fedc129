declare module 'wkt-parser' {
	/** Parses OGC/ESRI WKT1 (and much of WKT2) into a proj4 definition object. Throws on bad input. */
	export default function parseWkt(wkt: string): Record<string, unknown>;
}
