/** Field list inferred from feature properties (first 1000 features). */
import type { Feature, Geometry } from 'geojson';
import type { FieldInfo, FieldType } from './types';

function typeOf(v: unknown): FieldType | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
	if (typeof v === 'boolean') return 'boolean';
	if (typeof v === 'string') return 'string';
	return 'mixed';
}

export function inferFields(features: readonly Feature<Geometry | null>[]): FieldInfo[] {
	const types = new Map<string, FieldType | null>();
	const n = Math.min(features.length, 1000);
	for (let i = 0; i < n; i++) {
		const p = features[i]?.properties;
		if (!p || typeof p !== 'object') continue;
		for (const k of Object.keys(p)) {
			const t = typeOf((p as Record<string, unknown>)[k]);
			const prev = types.get(k);
			if (prev === undefined || prev === null) types.set(k, t);
			else if (t !== null && t !== prev) {
				types.set(
					k,
					(prev === 'integer' && t === 'number') || (prev === 'number' && t === 'integer')
						? 'number'
						: 'mixed'
				);
			}
		}
	}
	return [...types].map(([name, t]) => ({ name, type: t ?? 'string' }));
}
