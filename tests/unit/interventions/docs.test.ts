/** docs/interventions.md must list every parameter with its current default and unit. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAM_DEFS } from '../../../src/lib/geo/interventions/params';
import { INTERVENTION_TYPES } from '../../../src/lib/geo/interventions/types';

const doc = readFileSync('docs/interventions.md', 'utf8');

describe('docs/interventions.md parameter table', () => {
	for (const type of INTERVENTION_TYPES) {
		it(type, () => {
			for (const p of PARAM_DEFS[type]) {
				const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
				const row = new RegExp(
					`\\|\\s*\`${p.key}\`\\s*\\|\\s*${esc(String(p.default))}\\s*\\|\\s*${esc(p.unit)}\\s*\\|`
				);
				expect(doc, `${type}.${p.key}`).toMatch(row);
			}
		});
	}
});
