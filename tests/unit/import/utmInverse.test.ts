import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { utmInverseForEpsg } from '../../../src/lib/geo/import/utmInverse';

// The inline WGS 84 / UTM inverse must agree with proj4 (the reference everywhere else) to < 1 mm.
describe('utmInverse (inline WGS 84 / UTM inverse)', () => {
	it('agrees with proj4 to < 1 mm over whole zones, both hemispheres', () => {
		let seed = 7;
		const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		const out: [number, number] = [0, 0];
		let max = 0;
		for (const epsg of [32718, 32719, 32717, 32633, 32601, 32760]) {
			const f = utmInverseForEpsg(epsg)!;
			const zone = epsg % 100;
			const south = epsg > 32700;
			const p = proj4(
				`+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
				'EPSG:4326'
			);
			for (let i = 0; i < 5000; i++) {
				const x = 160000 + rnd() * 680000;
				const y = south ? 1100000 + rnd() * 8900000 : rnd() * 9300000;
				f(x, y, out);
				const q = p.forward([x, y]);
				const m = Math.hypot(
					(out[0] - q[0]!) * 111320 * Math.cos((q[1]! * Math.PI) / 180),
					(out[1] - q[1]!) * 110574
				);
				if (m > max) max = m;
			}
		}
		expect(max).toBeLessThan(0.001);
	});
	it('Chinchero sample and out-of-domain input', () => {
		const f = utmInverseForEpsg(32718)!;
		const out: [number, number] = [0, 0];
		f(815000, 8515000, out);
		const q = proj4('+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs', 'EPSG:4326').forward([
			815000, 8515000
		]);
		expect(out[0]).toBeCloseTo(q[0]!, 10);
		expect(out[1]).toBeCloseTo(q[1]!, 10);
		f(1e9, 0, out);
		expect(out[0]).toBe(Infinity);
		f(NaN, 0, out);
		expect(out[0]).toBe(Infinity);
		expect(utmInverseForEpsg(24878)).toBeNull();
		expect(utmInverseForEpsg(4326)).toBeNull();
	});
});
