/**
 * Web-Mercator tiles from a DEM, for a MapLibre `raster-dem` source served by a custom protocol
 * (no tile server): `sampleTile` resamples elevations (bilinear) for tile z/x/y, `encodeTerrarium`
 * packs them as Terrarium RGB (elevation = R·256 + G + B/256 − 32768). Nodata/outside → alpha 0 and 0 m.
 */
import { lonLatToPixel, sampleBilinear } from './coords';
import type { Dem } from './types';

export function tileLonLat(z: number, x: number, y: number): (u: number, v: number) => [number, number] {
	const n = 2 ** z;
	return (u, v) => {
		const lon = ((x + u) / n) * 360 - 180;
		const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + v)) / n))) * 180) / Math.PI;
		return [lon, lat];
	};
}

/** Elevations (m) at the centres of a size×size tile grid; NaN outside the DEM. */
export function sampleTile(dem: Dem, z: number, x: number, y: number, size = 256): Float32Array {
	const at = tileLonLat(z, x, y);
	const out = new Float32Array(size * size);
	for (let j = 0; j < size; j++)
		for (let i = 0; i < size; i++) {
			const [lon, lat] = at((i + 0.5) / size, (j + 0.5) / size);
			const [px, py] = lonLatToPixel(dem, lon, lat);
			out[j * size + i] = sampleBilinear(dem, px, py);
		}
	return out;
}

export function encodeTerrarium(elev: Float32Array): Uint8ClampedArray {
	const out = new Uint8ClampedArray(elev.length * 4);
	for (let i = 0; i < elev.length; i++) {
		const e = elev[i] as number;
		const v = (e === e ? e : 0) + 32768;
		out[i * 4] = Math.floor(v / 256);
		out[i * 4 + 1] = Math.floor(v) % 256;
		out[i * 4 + 2] = Math.floor((v - Math.floor(v)) * 256);
		out[i * 4 + 3] = e === e ? 255 : 0;
	}
	return out;
}
