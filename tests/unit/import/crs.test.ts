import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessCrs } from '../../../src/lib/geo/guessCrs';
import { parsePrj } from '../../../src/lib/geo/prj';
import { unzipSync } from 'fflate';

const prjOf = (zip: string): string =>
	new TextDecoder().decode(
		unzipSync(new Uint8Array(readFileSync(`tests/fixtures/import/${zip}`)))['parcelas.prj']
	);

describe('parsePrj', () => {
	it('recognises the ESRI .prj written by GDAL for 24878/32718/32719/4326', () => {
		expect(parsePrj(prjOf('parcelas_psad56_18s.zip'))).toMatchObject({
			id: 'EPSG:24878',
			psad56ShiftAdded: true
		});
		expect(parsePrj(prjOf('parcelas_utm18s.zip'))).toMatchObject({
			id: 'EPSG:32718',
			psad56ShiftAdded: false
		});
		expect(parsePrj(prjOf('parcelas_utm19s.zip')).id).toBe('EPSG:32719');
		expect(parsePrj(prjOf('parcelas_wgs84.zip')).id).toBe('EPSG:4326');
	});
	it('PSAD56 in a projection outside crs.ts still gets the EPSG:1208 shift', () => {
		const wkt = prjOf('parcelas_psad56_18s.zip')
			.replace('-75.0', '-72.0')
			.replace('"PSAD_1956_UTM_Zone_18S"', '"PSAD_local"');
		const p = parsePrj(wkt);
		expect(p.id).toBe('PRJ:PSAD_local');
		expect(p.psad56ShiftAdded).toBe(true);
		expect((p.proj4 as { datum_params: number[] }).datum_params.slice(0, 3)).toEqual([-279, 175, -379]);
	});
	it('rejects non-WKT', () => {
		expect(() => parsePrj('<html>')).toThrowError(/WKT/);
	});
});

describe('guessCrs', () => {
	it('eastings ~815,000 / northings ~8,515,000 → UTM 18S first, 19S and PSAD56 also offered', () => {
		const g = guessCrs([814000, 8514000, 816000, 8516000]);
		expect(g[0]?.id).toBe('EPSG:32718');
		expect(g[1]?.id).toBe('EPSG:24878');
		expect(g.map((c) => c.id)).toContain('EPSG:32719');
		expect(g.find((c) => c.id === 'EPSG:32719')!.score).toBeLessThan(g[0]!.score);
	});
	it('eastings ~185,000 → UTM 19S first', () => {
		expect(guessCrs([184000, 8516000, 186000, 8518000])[0]?.id).toBe('EPSG:32719');
	});
	it('degrees → WGS84 then PSAD56; nonsense → none', () => {
		expect(guessCrs([-72.1, -13.5, -72, -13.3]).map((c) => c.id)).toEqual(['EPSG:4326', 'EPSG:4248']);
		expect(guessCrs([1e9, 1e9, 2e9, 2e9])).toEqual([]);
		expect(guessCrs([NaN, 0, 1, 1])).toEqual([]);
	});
});
