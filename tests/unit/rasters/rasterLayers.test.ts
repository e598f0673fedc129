import { describe, expect, it } from 'vitest';
import type { Map as MlMap } from 'maplibre-gl';
import { addStoredRasters } from '../../../src/lib/map/rasterLayers';

/** Just enough of maplibre's Map to record what the module does. */
function fakeMap() {
	const sources = new Map<string, unknown>();
	const layers: { id: string; layout?: Record<string, unknown>; paint?: Record<string, unknown> }[] = [
		{ id: 'background' },
		{ id: 'lyr-microcuenca-fill' }
	];
	const calls: string[] = [];
	const m = {
		getStyle: () => ({ layers }),
		getSource: (id: string) => sources.get(id),
		addSource: (id: string, s: unknown) => void sources.set(id, s),
		removeSource: (id: string) => void sources.delete(id),
		getLayer: (id: string) => layers.find((l) => l.id === id),
		addLayer: (l: (typeof layers)[number], before?: string) => {
			const i = before ? layers.findIndex((x) => x.id === before) : layers.length;
			layers.splice(i < 0 ? layers.length : i, 0, l);
		},
		removeLayer: (id: string) =>
			void layers.splice(
				layers.findIndex((l) => l.id === id),
				1
			),
		setLayoutProperty: (id: string, k: string, v: unknown) => calls.push(`layout ${id} ${k}=${v}`),
		setPaintProperty: (id: string, k: string, v: unknown) => calls.push(`paint ${id} ${k}=${v}`),
		fitBounds: (b: unknown) => calls.push(`fit ${JSON.stringify(b)}`)
	};
	return { map: m as unknown as MlMap, sources, layers, calls };
}

const item = (id: string, name: string) => ({
	id,
	name,
	kind: 'rgb',
	corners: [
		[-72.04, -13.41],
		[-72.02, -13.41],
		[-72.02, -13.43],
		[-72.04, -13.43]
	],
	bbox: [-72.04, -13.43, -72.02, -13.41],
	image: `/api/rasters/${id}/image`,
	sourceFile: 'o.tif',
	sourceCrs: 'EPSG:32718',
	createdAt: '2026-11-25T00:00:00Z',
	createdByUsername: 'comite1',
	metadata: { georefErrorM: 0.2 }
});

describe('addStoredRasters', () => {
	it('adds image sources under the vector layers, hidden unless asked, with setters', async () => {
		let list = [item('r1', 'Orto A'), item('r2', 'Orto B')];
		const fetchFake = (async () => new Response(JSON.stringify({ rasters: list }))) as typeof fetch;
		const { map, sources, layers, calls } = fakeMap();
		const h = await addStoredRasters(map, { fetch: fetchFake, visible: ['raster-r2'] });
		expect(h.layers.map((l) => [l.id, l.name, l.visible, l.opacity])).toEqual([
			['raster-r1', 'Orto A', false, 0.85],
			['raster-r2', 'Orto B', true, 0.85]
		]);
		expect(sources.get('src-stored-raster-r1')).toMatchObject({
			type: 'image',
			url: '/api/rasters/r1/image'
		});
		expect(layers.map((l) => l.id)).toEqual([
			'background',
			'stored-raster-r1',
			'stored-raster-r2',
			'lyr-microcuenca-fill'
		]);
		let seen = 0;
		h.onChange(() => seen++);
		h.setVisible('raster-r1', true);
		h.setOpacity('raster-r1', 1.5);
		expect(calls).toContain('layout stored-raster-r1 visibility=visible');
		expect(calls).toContain('paint stored-raster-r1 raster-opacity=1');
		expect(h.layers[0]).toMatchObject({ visible: true, opacity: 1 });
		h.fit('raster-r1');
		expect(calls.at(-1)).toContain('fit');
		list = [item('r1', 'Orto A')];
		await h.refresh();
		expect(h.layers).toHaveLength(1);
		expect(h.layers[0]).toMatchObject({ visible: true, opacity: 1 });
		expect(sources.has('src-stored-raster-r2')).toBe(false);
		expect(seen).toBe(3);
		h.destroy();
		expect(layers.map((l) => l.id)).toEqual(['background', 'lyr-microcuenca-fill']);
	});
});
