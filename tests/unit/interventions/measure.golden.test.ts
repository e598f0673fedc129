/**
 * measureIntervention against golden fixtures: areas and lengths from GeographicLib's Planimeter
 * (tests/fixtures/geodesic-interventions/out/<id>.cmd is the exact command), derived quantities computed
 * by hand in regen.mjs from those references.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { measureIntervention } from '../../../src/lib/geo/interventions/measure';
import type { InterventionType } from '../../../src/lib/geo/interventions/types';

const FIX = resolve('tests/fixtures/geodesic-interventions');
const cases = JSON.parse(readFileSync(join(FIX, 'in/cases.geojson'), 'utf8')) as FeatureCollection;

interface Golden {
	id: string;
	type: InterventionType;
	params: Record<string, number>;
	expected: Record<string, number>;
}

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a / b - 1));

describe('measureIntervention against Planimeter golden fixtures', () => {
	for (const f of cases.features as Feature[]) {
		const id = String(f.id);
		it(id, () => {
			const golden = JSON.parse(readFileSync(join(FIX, `out/${id}.json`), 'utf8')) as Golden;
			const props = f.properties as { type: InterventionType; params: Record<string, number> };
			const m = measureIntervention(props.type, f.geometry, props.params);
			expect(m.params).toEqual(golden.params); // the defaults copied into regen.mjs are still current
			const tol = props.type === 'proteccion_manante' ? 2e-4 : 1e-6;
			for (const [key, want] of Object.entries(golden.expected)) {
				const got = (m as unknown as Record<string, number>)[key];
				expect(got, key).toBeTypeOf('number');
				if (key === 'plants' || key === 'posts' || key === 'count') expect(got, key).toBe(want);
				else expect(rel(got as number, want), `${key}: ${got} vs ${want}`).toBeLessThan(tol);
			}
		});
	}
});
