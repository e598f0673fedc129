import { describe, expect, it } from 'vitest';
import {
	NO_VALUE,
	UTM_GROUP_SEP,
	formatCursor,
	formatDecimal,
	formatDms,
	formatDmsAngle,
	formatUtm,
	formatUtmPsad56,
	formatUtmWgs84,
	groupMetres
} from '$lib/geo/formatCoord';
import { project } from '$lib/geo/crs';

const S = UTM_GROUP_SEP;

describe('formatDecimal', () => {
	it('prints latitude first with 5 decimals by default', () => {
		expect(formatDecimal(-72.04567, -13.41234)).toBe('-13.41234°, -72.04567°');
		expect(formatDecimal(-72.045671, -13.412341, 6)).toBe('-13.412341°, -72.045671°');
	});
	it('never prints negative zero', () => {
		expect(formatDecimal(-0, -0)).toBe('0.00000°, 0.00000°');
		expect(formatDecimal(-0.000001, -0.000004)).toBe('0.00000°, 0.00000°');
	});
	it('NaN / Infinity → —', () => {
		expect(formatDecimal(NaN, -13)).toBe(NO_VALUE);
		expect(formatDecimal(-72, Infinity)).toBe(NO_VALUE);
	});
});

describe('formatDms', () => {
	it('Spanish uses O for oeste, English W', () => {
		expect(formatDms(-72.04567, -13.41234, 'es')).toBe('13°24′44.4″ S, 72°02′44.4″ O');
		expect(formatDms(-72.04567, -13.41234, 'qu')).toBe('13°24′44.4″ S, 72°02′44.4″ O');
		expect(formatDms(-72.04567, -13.41234, 'en')).toBe('13°24′44.4″ S, 72°02′44.4″ W');
		expect(formatDms(2.5, 48.25, 'es')).toBe('48°15′00.0″ N, 2°30′00.0″ E');
	});
	it('seconds that round to 60 carry into minutes and degrees', () => {
		// 13°24′59.96″ → 13°25′00.0″
		expect(formatDmsAngle(-(13 + 24 / 60 + 59.96 / 3600), 'lat')).toBe('13°25′00.0″ S');
		// 71°59′59.99″ → 72°00′00.0″
		expect(formatDmsAngle(-(71 + 59 / 60 + 59.99 / 3600), 'lon')).toBe('72°00′00.0″ O');
		expect(formatDmsAngle(13.9999999, 'lat')).toBe('14°00′00.0″ N');
		expect(formatDmsAngle(-(13 + 24 / 60 + 59.96 / 3600), 'lat', 'es', 2)).toBe('13°24′59.96″ S');
		expect(formatDmsAngle(-(13 + 24 / 60 + 59.6 / 3600), 'lat', 'es', 0)).toBe('13°25′00″ S');
	});
	it('pads minutes and seconds', () => {
		expect(formatDmsAngle(-72.001, 'lon')).toBe('72°00′03.6″ O');
		expect(formatDmsAngle(-(13 + 5 / 60 + 7.25 / 3600), 'lat')).toBe('13°05′07.3″ S');
	});
	it('negative zero and values rounding to zero get N / E', () => {
		expect(formatDmsAngle(-0, 'lat')).toBe('0°00′00.0″ N');
		expect(formatDmsAngle(-0.00001, 'lon')).toBe('0°00′00.0″ E');
		expect(formatDmsAngle(-0.0001, 'lon')).toBe('0°00′00.4″ O');
	});
	it('NaN → —', () => {
		expect(formatDms(NaN, -13)).toBe(NO_VALUE);
		expect(formatDmsAngle(NaN, 'lat')).toBe(NO_VALUE);
	});
});

describe('UTM text', () => {
	it('groups whole metres by three with a narrow no-break space', () => {
		expect(groupMetres(8515354.4)).toBe(`8${S}515${S}354`);
		expect(groupMetres(819969.5)).toBe(`819${S}970`);
		expect(groupMetres(999.4)).toBe('999');
		expect(groupMetres(-1234)).toBe(`-1${S}234`);
		expect(formatUtm(819969.45, 8515354.08, 18, 'S')).toBe(`UTM 18S 819${S}969 E 8${S}515${S}354 N`);
		expect(formatUtm(1, 2, 19, 'S', 'PSAD56')).toBe('PSAD56 / UTM 19S 1 E 2 N');
		expect(formatUtm(NaN, 2, 19, 'S')).toBe(NO_VALUE);
	});
	it('picks zone 18S west of 72°W and 19S from 72°W (WGS84)', () => {
		expect(formatUtmWgs84(-72.0456, -13.4123)).toMatch(/^UTM 18S /);
		expect(formatUtmWgs84(-72.000001, -13.4123)).toMatch(/^UTM 18S /);
		expect(formatUtmWgs84(-72, -13.4123)).toMatch(/^UTM 19S /);
		expect(formatUtmWgs84(-71.9785, -13.5165)).toMatch(/^UTM 19S /);
		const [x, y] = project([-72.0456, -13.4123], 32718);
		expect(formatUtmWgs84(-72.0456, -13.4123)).toBe(formatUtm(x, y, 18, 'S'));
	});
	it('PSAD56 zone comes from the PSAD56 longitude (~0.002° east of WGS84 here)', () => {
		// WGS84 -72.001 is west of 72°W, but its PSAD56 longitude is about -71.999: zone 19 on PSAD56 sheets
		expect(formatUtmPsad56(-72.001, -13.41)).toMatch(/^PSAD56 \/ UTM 19S /);
		expect(formatUtmPsad56(-72.01, -13.41)).toMatch(/^PSAD56 \/ UTM 18S /);
		const [x, y] = project([-72.0456, -13.4123], 24878);
		expect(formatUtmPsad56(-72.0456, -13.4123)).toBe(formatUtm(x, y, 18, 'S', 'PSAD56'));
	});
	it('outside UTM latitudes or PSAD56 zones → —', () => {
		expect(formatUtmWgs84(-72, 85)).toBe(NO_VALUE);
		expect(formatUtmPsad56(-60, -13)).toBe(NO_VALUE); // zone 20
		expect(formatUtmPsad56(-75, 10)).toBe(NO_VALUE); // north
	});
});

describe('formatCursor', () => {
	it('WGS84 mode: decimal, DMS, UTM with the right zone', () => {
		const lines = formatCursor(-72.04567, -13.41234, 'wgs84', 'es');
		expect(lines.map((l) => l.key)).toEqual(['decimal', 'dms', 'utm']);
		expect(lines[0]).toEqual({ key: 'decimal', label: 'WGS84', text: '-13.41234°, -72.04567°' });
		expect(lines[1]).toEqual({ key: 'dms', label: 'GMS', text: '13°24′44.4″ S, 72°02′44.4″ O' });
		expect(lines[2]!.label).toBe('UTM');
		expect(lines[2]!.text).toBe(`UTM 18S 819${S}962 E 8${S}515${S}350 N`);
	});
	it('PSAD56 mode: the third line is PSAD56 / UTM, ~430 m from the WGS84 grid', () => {
		const lines = formatCursor(-72.04567, -13.41234, 'psad56', 'en');
		expect(lines[1]!.label).toBe('DMS');
		expect(lines[1]!.text).toContain('W');
		expect(lines[2]!.label).toBe('PSAD56');
		expect(lines[2]!.text).toBe(`PSAD56 / UTM 18S 820${S}191 E 8${S}515${S}716 N`);
	});
	it('wraps world-copy longitudes and shows — for invalid input', () => {
		expect(formatCursor(-72.04567 + 360, -13.41234, 'wgs84')[0]!.text).toBe('-13.41234°, -72.04567°');
		for (const [lon, lat] of [
			[NaN, -13],
			[-72, NaN],
			[-72, 95],
			[Infinity, 0]
		] as const) {
			const lines = formatCursor(lon, lat, 'psad56');
			expect(lines).toHaveLength(3);
			for (const l of lines) expect(l.text).toBe(NO_VALUE);
		}
	});
});
