import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { packDem, unpackDem } from '../../../src/lib/geo/raster/demPack';
import type { Dem } from '../../../src/lib/geo/raster/types';

function dem(): Dem {
	const w = 40;
	const h = 30;
	const data = new Float32Array(w * h);
	for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = 3700 + r * 7.25 + c * 3.1;
	data[5] = NaN;
	return {
		width: w,
		height: h,
		data,
		nodata: -32768,
		transform: [-72.1, 1 / 3600, 0, -13.35, 0, -1 / 3600],
		crs: 4326,
		cellSizeM: { x: 30, y: 30.9 },
		metadata: { name: 'SYNTHETIC test', source: 'SYNTHETIC ramp', synthetic: true }
	};
}

describe('DEM pack', () => {
	it('round-trips to 0.05 m with nodata kept', () => {
		const d = dem();
		const back = unpackDem(packDem(d));
		expect(back.width).toBe(d.width);
		expect(back.transform).toEqual([...d.transform]);
		expect(back.metadata.synthetic).toBe(true);
		expect(Number.isNaN(back.data[5]!)).toBe(true);
		for (let i = 0; i < d.data.length; i++)
			if (i !== 5) expect(Math.abs(back.data[i]! - d.data[i]!)).toBeLessThan(0.051);
	});

	it('rejects hostile bytes with a code', () => {
		expect(() => unpackDem(new Uint8Array([1, 2, 3]))).toThrow(/no es gzip/);
		const fakeHeader = gzipSync(
			new TextEncoder().encode('{"magic":"YAKU-DEM-1","width":100000,"height":100000}\n')
		);
		expect(() => unpackDem(fakeHeader)).toThrow(/dimensiones/);
		const p = packDem(dem());
		const truncated = p.slice(0, p.length - 40);
		expect(() => unpackDem(truncated)).toThrow();
		// a bomb: declared size far over the cap
		const bomb = gzipSync(new Uint8Array(5_000_000));
		expect(() => unpackDem(bomb)).toThrow(/excesivo/);
	});
});
