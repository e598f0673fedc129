import { describe, expect, it } from 'vitest';
import { utmZoneFor, utmZoneNumber, wrapLon } from '$lib/geo/utmZone';

describe('utmZoneFor around 72°W', () => {
	it('exactly 72°W is zone 19 (zone 19 spans [-72, -66))', () => {
		expect(utmZoneFor(-72, -13.4)).toEqual({
			zone: 19,
			hemisphere: 'S',
			epsgWgs84: 32719,
			epsgPsad56: 24879
		});
		expect(utmZoneFor(-72.0, -13.4)?.zone).toBe(19);
	});
	it('just west of 72°W is zone 18', () => {
		expect(utmZoneFor(-72.000000001, -13.4)).toEqual({
			zone: 18,
			hemisphere: 'S',
			epsgWgs84: 32718,
			epsgPsad56: 24878
		});
		expect(utmZoneFor(-72.0475, -13.3925)?.zone).toBe(18); // Chinchero
		expect(utmZoneFor(-77.9999, -12)?.zone).toBe(18);
		expect(utmZoneFor(-78, -12)?.zone).toBe(18);
	});
	it('east of 72°W is zone 19 until 66°W', () => {
		expect(utmZoneFor(-71.9785, -13.5165)?.zone).toBe(19); // Cusco
		expect(utmZoneFor(-66.0000001, -13)?.zone).toBe(19);
		expect(utmZoneFor(-66, -13)?.zone).toBe(20);
		expect(utmZoneFor(-66, -13)?.epsgPsad56).toBeNull();
	});
	it('general formula, hemispheres, wrap and bounds', () => {
		expect(utmZoneNumber(-180)).toBe(1);
		expect(utmZoneNumber(-174.0000001)).toBe(1);
		expect(utmZoneNumber(0)).toBe(31);
		expect(utmZoneNumber(179.9999)).toBe(60);
		expect(utmZoneNumber(180)).toBe(60);
		expect(utmZoneNumber(-432)).toBe(19); // -432 ≡ -72
		expect(utmZoneFor(-80, -5)?.epsgPsad56).toBe(24877);
		expect(utmZoneFor(-75, 0.5)).toEqual({ zone: 18, hemisphere: 'N', epsgWgs84: 32618, epsgPsad56: null });
		expect(utmZoneFor(-75, 0)?.hemisphere).toBe('N');
		expect(utmZoneFor(NaN, -13)).toBeNull();
		expect(utmZoneFor(-72, 91)).toBeNull();
		expect(utmZoneFor(-72, Infinity)).toBeNull();
		expect(wrapLon(180)).toBe(-180);
		expect(wrapLon(-540)).toBe(-180);
		expect(wrapLon(288)).toBe(-72);
		expect(Object.is(wrapLon(-360), 0)).toBe(true);
	});
});
