import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = 'src/lib/i18n/locales';
const review = JSON.parse(readFileSync('src/lib/i18n/qu-review.json', 'utf8')) as { needsReview: string[] };

function load(ns: string, lang: string): Record<string, string> {
	try {
		return JSON.parse(readFileSync(join(ROOT, ns, `${lang}.json`), 'utf8'));
	} catch {
		return {};
	}
}

describe('message catalogues', () => {
	const namespaces = readdirSync(ROOT);
	const es: Record<string, string> = {};
	const qu: Record<string, string> = {};
	const en: Record<string, string> = {};
	for (const ns of namespaces) {
		Object.assign(es, load(ns, 'es'));
		Object.assign(qu, load(ns, 'qu'));
		Object.assign(en, load(ns, 'en'));
	}

	it('Spanish is the complete base: qu and en have no keys Spanish lacks', () => {
		expect(Object.keys(qu).filter((k) => !(k in es))).toEqual([]);
		expect(Object.keys(en).filter((k) => !(k in es))).toEqual([]);
	});

	it('every key is prefixed with its namespace', () => {
		for (const ns of namespaces)
			for (const k of Object.keys(load(ns, 'es'))) expect(k.startsWith(`${ns}.`)).toBe(true);
	});

	it('every layer kind has a Spanish and English title', async () => {
		const { LAYER_KINDS } = await import('../../../src/lib/geo/layerKinds');
		for (const kind of LAYER_KINDS) {
			expect(es[`app.layer.${kind}`], kind).toBeTruthy();
			expect(en[`app.layer.${kind}`], kind).toBeTruthy();
		}
	});

	it('Quechua strings awaiting a native speaker are listed in qu-review.json, and only existing ones', () => {
		for (const k of review.needsReview)
			expect(k in qu, `${k} listed for review but not in qu catalogues`).toBe(true);
		// a key leaves the list only after review; until then every app.* Quechua key must be listed
		const app = Object.keys(load('app', 'qu'));
		expect(app.filter((k) => !review.needsReview.includes(k))).toEqual([]);
	});

	it('placeholders agree between languages', () => {
		const ph = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
		for (const [k, v] of Object.entries(en)) expect(ph(v), k).toEqual(ph(es[k]!));
		for (const [k, v] of Object.entries(qu)) expect(ph(v), k).toEqual(ph(es[k]!));
	});
});
