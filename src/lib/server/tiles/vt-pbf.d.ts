// Minimal types for vt-pbf 3 (the package ships none): encodes geojson-vt tiles as Mapbox Vector Tile v2.
declare module 'vt-pbf' {
	import type { LegacyTile } from 'geojson-vt';
	export function fromGeojsonVt(
		layers: Record<string, LegacyTile>,
		options?: { version?: number; extent?: number }
	): Uint8Array;
	const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
	export default vtpbf;
}
