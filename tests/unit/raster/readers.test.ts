import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mergeDems } from '../../../src/lib/geo/raster/mergeDems';
import { readGeoTiff } from '../../../src/lib/geo/raster/readGeoTiff';
import { readHgt } from '../../../src/lib/geo/raster/readHgt';
import { hillshade } from '../../../src/lib/geo/raster/hillshade';
import { slope } from '../../../src/lib/geo/raster/slope';
import { elevationProfile } from '../../../src/lib/geo/raster/profile';
import { zanjaPlanner, DEFAULT_CROSS_SECTION } from '../../../src/lib/geo/raster/zanjaPlanner';
import { pixelToLonLat } from '../../../src/lib/geo/raster/coords';
import { writeGeoTiff } from '../../../src/lib/geo/raster/writeGeoTiff';
import { demFrom } from './helpers';

/** 3×3 .hgt (0.5° spacing) with values base + index, −32768 at one cell. */
function hgt(base: number, hole = -1): Uint8Array {
	const b = Buffer.alloc(18);
	for (let i = 0; i < 9; i++) b.writeInt16BE(i === hole ? -32768 : base + i, i * 2);
	return new Uint8Array(b);
}

function zipOne(name: string, data: Uint8Array): Uint8Array {
	const comp = deflateRawSync(data);
	const nameB = Buffer.from(name);
	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(8, 8);
	local.writeUInt32LE(comp.length, 18);
	local.writeUInt32LE(data.length, 22);
	local.writeUInt16LE(nameB.length, 26);
	const cd = Buffer.alloc(46);
	cd.writeUInt32LE(0x02014b50, 0);
	cd.writeUInt16LE(8, 10);
	cd.writeUInt32LE(comp.length, 20);
	cd.writeUInt32LE(data.length, 24);
	cd.writeUInt16LE(nameB.length, 28);
	cd.writeUInt32LE(0, 42);
	const cdOff = 30 + nameB.length + comp.length;
	const eocd = Buffer.alloc(22);
	eocd.writeUInt32LE(0x06054b50, 0);
	eocd.writeUInt16LE(1, 8);
	eocd.writeUInt16LE(1, 10);
	eocd.writeUInt32LE(46 + nameB.length, 12);
	eocd.writeUInt32LE(cdOff, 16);
	return new Uint8Array(Buffer.concat([local, nameB, comp, cd, nameB, eocd]));
}

describe('SRTM .hgt', () => {
	it('reads position from the name, pixel-is-point transform, −32768 → NaN', async () => {
		const dem = await readHgt(hgt(3000, 4), 'S14W073.hgt');
		expect(dem.width).toBe(3);
		expect(dem.crs).toBe(4326);
		expect(dem.transform[0]).toBeCloseTo(-73.25);
		expect(dem.transform[3]).toBeCloseTo(-12.75);
		expect(dem.data[4]).toBeNaN();
		expect(dem.data[8]).toBe(3008);
		expect(pixelToLonLat(dem, 0.5, 0.5)).toEqual([-73, -13]);
	});
	it('.hgt.gz and .hgt.zip', async () => {
		const gz = await readHgt(new Uint8Array(gzipSync(hgt(1))), 'S14W073.hgt.gz');
		expect(gz.data[0]).toBe(1);
		const zip = await readHgt(zipOne('sub/S14W072.hgt', hgt(2)), 'tiles.zip');
		expect(zip.metadata.name).toBe('S14W072');
		expect(zip.data[0]).toBe(2);
	});
	it('merges S14W073 + S14W072 side by side sharing the 72°W column', async () => {
		const w = await readHgt(hgt(100), 'S14W073.hgt');
		const e = await readHgt(hgt(200), 'S14W072.hgt');
		const m = mergeDems([w, e]);
		expect(m.width).toBe(5);
		expect(m.height).toBe(3);
		expect(Array.from(m.data.subarray(0, 5))).toEqual([100, 101, 102, 201, 202]);
		expect(m.metadata.name).toBe('S14W073+S14W072');
	});
	it('gzip bomb is refused with a running cap', async () => {
		const bomb = gzipSync(Buffer.alloc(40_000_000));
		await expect(readHgt(new Uint8Array(bomb), 'S14W073.hgt.gz')).rejects.toMatchObject({
			code: 'DEM_DECOMPRESSION_BOMB'
		});
	});
	it('a name without position is a clear error', async () => {
		await expect(readHgt(hgt(1), 'dem.hgt')).rejects.toMatchObject({ code: 'DEM_PARSE_ERROR' });
	});
});

describe('GeoTIFF', () => {
	const dem = demFrom(40, 30, (c, r) => 3500 + c * 2 - r);
	dem.data[5] = NaN;
	const tif = writeGeoTiff({ ...dem, nodata: -9999 });

	it('round-trips our writer (UTM, nodata)', async () => {
		const { dem: back, warnings } = await readGeoTiff(tif, { name: 'x.tif' });
		expect(warnings).toEqual([]);
		expect(back.crs).toBe(32718);
		expect(back.transform).toEqual(dem.transform);
		expect(back.data[5]).toBeNaN();
		expect(back.data[100]).toBe(dem.data[100]);
	});
	it('reads a deflate, tiled, predictor=3 file written by GDAL', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'yaku-r-'));
		writeFileSync(join(dir, 'a.tif'), tif);
		try {
			execFileSync('gdal_translate', [
				'-q',
				'-co',
				'COMPRESS=DEFLATE',
				'-co',
				'TILED=YES',
				'-co',
				'BLOCKXSIZE=16',
				'-co',
				'BLOCKYSIZE=16',
				'-co',
				'PREDICTOR=3',
				join(dir, 'a.tif'),
				join(dir, 'b.tif')
			]);
		} catch {
			console.warn('gdal_translate no disponible: se omite la prueba');
			return;
		}
		const { dem: back } = await readGeoTiff(readFileSync(join(dir, 'b.tif')));
		expect(back.width).toBe(40);
		expect(back.data[100]).toBe(dem.data[100]);
		expect(back.data[5]).toBeNaN();
	});
	it('downsamples above maxCells with a warning', async () => {
		const { dem: small, warnings } = await readGeoTiff(tif, { maxCells: 300 });
		expect(small.width).toBe(20);
		expect(warnings[0]).toMatch(/remuestreó ×2/);
	});
	it('hazards: corrupt bytes, 0×0, repeated strip offsets, IFD loop', async () => {
		await expect(readGeoTiff(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).rejects.toMatchObject({
			code: 'DEM_PARSE_ERROR'
		});
		const empty = writeGeoTiff({ ...dem, width: 0, height: 0, data: new Float32Array(0) });
		await expect(readGeoTiff(empty)).rejects.toMatchObject({ code: 'DEM_EMPTY' });
		// all strips → the first strip's bytes (a DEM big enough to have several strips)
		const bomb = writeGeoTiff({ ...demFrom(200, 200, (c) => c), nodata: null });
		const dv = new DataView(bomb.buffer);
		const nTags = dv.getUint16(8, true);
		for (let k = 0; k < nTags; k++) {
			const p = 10 + k * 12;
			if (dv.getUint16(p, true) === 273) {
				const count = dv.getUint32(p + 4, true);
				const at = dv.getUint32(p + 8, true);
				const first = count === 1 ? at : dv.getUint32(at, true);
				if (count > 1) for (let s = 0; s < count; s++) dv.setUint32(at + 4 * s, first, true);
			}
		}
		await expect(readGeoTiff(bomb)).rejects.toMatchObject({ code: 'DEM_DECOMPRESSION_BOMB' });
		const loop = new Uint8Array(tif);
		const nT = new DataView(loop.buffer).getUint16(8, true);
		new DataView(loop.buffer).setUint32(10 + nT * 12, 8, true); // next IFD = itself
		const { dem: ok } = await readGeoTiff(loop);
		expect(ok.width).toBe(40);
	});
});

describe('agreement with gdaldem (synthetic UTM DEM, interior cells)', () => {
	it('slope within 0.5°, hillshade within 1 grey level', async () => {
		const dem = demFrom(120, 100, (c, r) => 3600 + 40 * Math.sin(c / 9) * Math.cos(r / 13) + 0.8 * c, 30);
		const dir = mkdtempSync(join(tmpdir(), 'yaku-g-'));
		writeFileSync(join(dir, 'd.tif'), writeGeoTiff({ ...dem, nodata: -9999 }));
		try {
			execFileSync('gdaldem', ['slope', '-q', join(dir, 'd.tif'), join(dir, 's.tif')]);
			execFileSync('gdaldem', ['hillshade', '-q', join(dir, 'd.tif'), join(dir, 'h.tif')]);
		} catch {
			console.warn('gdaldem no está instalado: se omite la comparación');
			return;
		}
		const gs = (await readGeoTiff(readFileSync(join(dir, 's.tif')))).dem.data;
		const gh = (await readGeoTiff(readFileSync(join(dir, 'h.tif')))).dem.data;
		const s = slope(dem);
		const h = hillshade(dem);
		let maxS = 0;
		let maxH = 0;
		for (let r = 1; r < 99; r++)
			for (let c = 1; c < 119; c++) {
				const i = r * 120 + c;
				maxS = Math.max(maxS, Math.abs((s[i] as number) - (gs[i] as number)));
				maxH = Math.max(maxH, Math.abs((h[i] as number) - (gh[i] as number)));
			}
		expect(maxS).toBeLessThan(0.5);
		expect(maxH).toBeLessThanOrEqual(1);
	});
});

describe('profile', () => {
	it('distances are geodesic and cumulative; elevations follow a ramp', () => {
		const dem = demFrom(50, 50, (c) => 3000 + c * 3, 10); // 30 % eastwards
		const a = pixelToLonLat(dem, 5.5, 25.5);
		const b = pixelToLonLat(dem, 25.5, 25.5);
		const c = pixelToLonLat(dem, 25.5, 45.5);
		const p = elevationProfile(dem, { type: 'LineString', coordinates: [a, b, c] });
		expect(p.lengthM).toBeGreaterThan(399);
		expect(p.lengthM).toBeLessThan(401);
		expect(p.samples[0]!.distanceM).toBe(0);
		expect(p.samples.at(-1)!.distanceM).toBeCloseTo(p.lengthM, 6);
		expect(p.segments[0]!.riseM).toBeCloseTo(60, 3);
		expect(p.segments[0]!.slopePct).toBeCloseTo(30, 0);
		expect(p.segments[1]!.riseM).toBeCloseTo(0, 3);
		expect(p.gainM).toBeCloseTo(60, 1);
	});
});

describe('zanja planner', () => {
	it('20 % plane: trenches every ~8 m horizontally, storage = length × section', () => {
		const dem = demFrom(60, 60, (_c, r) => 3800 - r * 2, 10); // 20 % falling south
		const ring = [
			pixelToLonLat(dem, 5, 5),
			pixelToLonLat(dem, 55, 5),
			pixelToLonLat(dem, 55, 55),
			pixelToLonLat(dem, 5, 55)
		];
		const plan = zanjaPlanner(dem, { type: 'Polygon', coordinates: [[...ring, ring[0]!]] });
		const levels = plan.lines.features.map((f) => f.properties.elevationM).sort((a, b) => b - a);
		for (let k = 1; k < levels.length; k++)
			expect((levels[k - 1] as number) - (levels[k] as number)).toBeCloseTo(1.6, 3);
		expect(plan.lines.features.every((f) => f.properties.spacingM === 8)).toBe(true);
		expect(plan.trenchCount).toBeGreaterThanOrEqual(60);
		expect(plan.storageM3).toBeCloseTo(plan.totalLengthM * 0.16, 6);
		expect(plan.crossSection).toEqual(DEFAULT_CROSS_SECTION);
		expect(plan.treatedHa).toBeCloseTo(25, 0);
		expect(plan.polygonHa).toBeCloseTo(25, 0);
	});
});
