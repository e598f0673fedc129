import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_HASH_LENGTH, formatViewHash, parseViewHash, type View } from '$lib/state/urlView';

const ALLOWED = ['microcuenca', 'laguna', 'quebradas', 'manantes', 'comunidades', 'zee'];

describe('format', () => {
	it('writes the documented form', () => {
		expect(
			formatViewHash({
				zoom: 13.5,
				lat: -13.4123,
				lng: -72.0456,
				bearing: 0,
				pitch: 0,
				layers: ['microcuenca', 'laguna'],
				lang: 'es'
			})
		).toBe('#map=13.5/-13.4123/-72.0456&b=0&p=0&layers=microcuenca,laguna&lang=es');
		expect(formatViewHash({ zoom: 12, lat: -13.41234567, lng: -72.04567891 })).toBe(
			'#map=12/-13.412346/-72.045679'
		);
		expect(formatViewHash({ zoom: 12, lat: 0, lng: 0, layers: [] })).toBe('#map=12/0/0&layers=');
	});
	it('normalises, clamps, wraps and drops invalid parts', () => {
		expect(formatViewHash({ zoom: 30, lat: -95, lng: 287.9544, bearing: 370, pitch: 99 })).toBe(
			'#map=24/-90/-72.0456&b=10&p=85'
		);
		expect(formatViewHash({ zoom: 12, lat: -13, lng: -72, bearing: -180, pitch: -5 })).toBe(
			'#map=12/-13/-72&b=180&p=0'
		);
		expect(formatViewHash({ zoom: 12, lat: -13, lng: -72, layers: ['ok', 'bad id', 'a&b=c', 'ok'] })).toBe(
			'#map=12/-13/-72&layers=ok'
		);
		expect(formatViewHash({ zoom: NaN, lat: -13, lng: -72 })).toBe('');
		expect(formatViewHash({ zoom: 12, lat: -13, lng: -72, bearing: NaN, lang: 'fr' as 'es' })).toBe(
			'#map=12/-13/-72'
		);
	});
});

describe('parse', () => {
	it('reads the documented form, with or without #', () => {
		const v = parseViewHash('#map=13.5/-13.4123/-72.0456&b=0&p=0&layers=microcuenca,laguna&lang=es');
		expect(v).toEqual({
			zoom: 13.5,
			lat: -13.4123,
			lng: -72.0456,
			bearing: 0,
			pitch: 0,
			layers: ['microcuenca', 'laguna'],
			lang: 'es'
		});
		expect(parseViewHash('map=10/-13/-72')).toEqual({ zoom: 10, lat: -13, lng: -72 });
		expect(parseViewHash('#map=10%2F-13%2F-72')).toEqual({ zoom: 10, lat: -13, lng: -72 });
	});
	it('filters layers by the allowed list, dedupes, keeps empty = none', () => {
		const v = parseViewHash('#map=10/-13/-72&layers=laguna,evil,laguna,,zee,<script>', {
			allowedLayers: ALLOWED
		});
		expect(v?.layers).toEqual(['laguna', 'zee']);
		expect(parseViewHash('#map=10/-13/-72&layers=')?.layers).toEqual([]);
		expect(parseViewHash('#map=10/-13/-72')?.layers).toBeUndefined();
		expect(parseViewHash('#map=10/-13/-72&layers=evil', { allowedLayers: ALLOWED })?.layers).toEqual([]);
		const many = Array.from({ length: 500 }, (_, i) => `l${i}`).join(',');
		expect(parseViewHash(`#map=10/-13/-72&layers=${many}`)?.layers).toHaveLength(100);
	});
	it('sanitises optional keys', () => {
		expect(parseViewHash('#map=10/-13/-72&b=540&p=120&lang=fr')).toEqual({
			zoom: 10,
			lat: -13,
			lng: -72,
			bearing: 180,
			pitch: 85
		});
		expect(parseViewHash('#map=10/-13/-72&b=NaN&p=abc&lang=')).toEqual({ zoom: 10, lat: -13, lng: -72 });
		expect(parseViewHash('#map=10/-13/-72&b=-0&p=-3')).toEqual({
			zoom: 10,
			lat: -13,
			lng: -72,
			bearing: 0,
			pitch: 0
		});
		expect(parseViewHash('#map=10/-13/-72&map=3/0/0')?.zoom).toBe(10); // first wins
		expect(parseViewHash('#map=10/-13/-432')?.lng).toBe(-72); // wrapped
	});
	it('returns null for broken or out-of-range views', () => {
		const bad = [
			'',
			'#',
			'#map',
			'#map=',
			'#map=//',
			'#map=10/-13',
			'#map=10/-13/-72/4',
			'#map=NaN/-13/-72',
			'#map=10/NaN/-72',
			'#map=10/-13/Infinity',
			'#map=10/91/-72',
			'#map=10/-90.0001/-72',
			'#map=-1/-13/-72',
			'#map=24.01/-13/-72',
			'#map=1e400/-13/-72',
			'#map=0x10/-13/-72',
			'#map= 10/-13/-72',
			'#map=10/-13/-72e9',
			'#map=10/-13/-',
			'#map=1.2.3/-13/-72',
			'#map=%E0%A4%A/-13/-72',
			'#map=10/-13/-72'.padEnd(MAX_HASH_LENGTH + 1, 'x'),
			'#lat=-13&lng=-72&zoom=10',
			'#__proto__=1&constructor=2',
			'#%',
			'#&&&==&'
		];
		for (const h of bad) expect(parseViewHash(h), h.slice(0, 60)).toBeNull();
		expect(parseViewHash(undefined as unknown as string)).toBeNull();
		expect(parseViewHash(42 as unknown as string)).toBeNull();
	});
	it('ignores unknown keys and does not pollute prototypes', () => {
		const v = parseViewHash('#__proto__=x&map=10/-13/-72&constructor=y&foo=bar');
		expect(v).toEqual({ zoom: 10, lat: -13, lng: -72 });
		expect(({} as Record<string, unknown>).x).toBeUndefined();
	});
});

const layerId = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
const validView: fc.Arbitrary<View> = fc.record(
	{
		zoom: fc.double({ min: 0, max: 24, noNaN: true }),
		lat: fc.double({ min: -90, max: 90, noNaN: true }),
		lng: fc.double({ min: -180, max: 180, noNaN: true }),
		bearing: fc.double({ min: -1000, max: 1000, noNaN: true }),
		pitch: fc.double({ min: 0, max: 85, noNaN: true }),
		layers: fc.uniqueArray(layerId, { maxLength: 10 }),
		lang: fc.constantFrom('es' as const, 'qu' as const, 'en' as const)
	},
	{ requiredKeys: ['zoom', 'lat', 'lng'] }
);

describe('properties (fast-check)', () => {
	it('parseViewHash never throws on any string', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.webFragments()), (s) => {
				const v = parseViewHash(s);
				const v2 = parseViewHash('#map=' + s);
				for (const r of [v, v2]) {
					if (r !== null) {
						expect(Number.isFinite(r.zoom) && Number.isFinite(r.lat) && Number.isFinite(r.lng)).toBe(true);
						expect(Math.abs(r.lat)).toBeLessThanOrEqual(90);
					}
				}
			}),
			{ numRuns: 2000 }
		);
	});
	it('mutated valid hashes never throw and always give a sane view or null', () => {
		fc.assert(
			fc.property(validView, fc.string(), fc.nat(200), (view, junk, at) => {
				const h = formatViewHash(view);
				const mutated = h.slice(0, at) + junk + h.slice(at);
				const r = parseViewHash(mutated, { allowedLayers: ALLOWED });
				if (r) {
					expect(r.zoom).toBeGreaterThanOrEqual(0);
					expect(r.zoom).toBeLessThanOrEqual(24);
					expect(Math.abs(r.lng)).toBeLessThanOrEqual(180);
					for (const id of r.layers ?? []) expect(ALLOWED).toContain(id);
				}
			}),
			{ numRuns: 1000 }
		);
	});
	it('valid views round-trip (within the hash precision) and format is idempotent', () => {
		fc.assert(
			fc.property(validView, (view) => {
				const h = formatViewHash(view);
				const parsed = parseViewHash(h);
				expect(parsed).not.toBeNull();
				const p = parsed!;
				expect(Math.abs(p.zoom - view.zoom)).toBeLessThanOrEqual(0.005 + 1e-9);
				expect(Math.abs(p.lat - view.lat)).toBeLessThanOrEqual(5e-7 + 1e-12);
				const dLng = Math.abs(p.lng - view.lng);
				expect(Math.min(dLng, 360 - dLng)).toBeLessThanOrEqual(5e-7 + 1e-12);
				if (view.bearing !== undefined) {
					const d = Math.abs(((((p.bearing! - view.bearing) % 360) + 540) % 360) - 180);
					expect(d).toBeLessThanOrEqual(0.05 + 1e-9);
				}
				if (view.pitch !== undefined)
					expect(Math.abs(p.pitch! - view.pitch)).toBeLessThanOrEqual(0.05 + 1e-9);
				expect(p.layers).toEqual(view.layers);
				expect(p.lang).toEqual(view.lang);
				expect(formatViewHash(p)).toBe(h);
				expect(parseViewHash(formatViewHash(p))).toEqual(p);
			}),
			{ numRuns: 2000 }
		);
	});
});
