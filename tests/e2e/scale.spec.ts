/**
 * The works layer from vector tiles (decision 110). The shared e2e server has few works (below the tile
 * threshold), so the page is opened with `?obras=teselas`, which forces the tiles path the server would
 * choose above YAKU_TILE_THRESHOLD: works drawn from /api/tiles, click → fetched by id, vertex edit + save
 * shown at once (overlay, hidden in the tiles), attribute table paged and summed on the server.
 */
import { test, expect, waitForMap, waitIdle, login } from './support/fixtures';

const TAG = `escala-${Date.now().toString(36)}`;
// an empty corner of the district, away from other tests' works
const X0 = -72.0215;
const Y0 = -13.4465;
const D = 0.0006;

type Yaku = {
	__yaku: {
		ctrl: { map: import('maplibre-gl').Map };
		works: { mode: string; items: unknown[]; selected: { geometry: { coordinates: number[][][] } } | null };
	};
};

test('works from tiles: render, click-select, edit a vertex and save, table pages on the server', async ({
	page
}) => {
	await login(page, 'comite1', 'e2e-comite-clave-1');
	// three works side by side, created through the API from the page (same origin, session cookie)
	const ids = await page.evaluate(
		async ({ tag, x0, y0, d }) => {
			const out: number[] = [];
			for (let i = 0; i < 3; i++) {
				const x = x0 + i * d * 2;
				const r = await fetch('/api/collections/intervenciones/features', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[x, y0],
									[x + d, y0],
									[x + d, y0 + d],
									[x, y0 + d],
									[x, y0]
								]
							]
						},
						properties: { type: 'forestacion', state: 'planificada', name: `${tag} ${i}` }
					})
				});
				if (!r.ok) throw new Error(`POST ${r.status} ${await r.text()}`);
				out.push((await r.json()).id);
			}
			return out;
		},
		{ tag: TAG, x0: X0, y0: Y0, d: D }
	);
	expect(ids).toHaveLength(3);

	await page.goto(`/?obras=teselas#map=17/${Y0 + D / 2}/${X0 + D * 2.5}`);
	await waitForMap(page);
	expect(await page.evaluate(() => (window as unknown as Yaku).__yaku.works.mode)).toBe('tiles');
	// nothing but the TileJSON was downloaded for the layer: no GeoJSON items
	expect(await page.evaluate(() => (window as unknown as Yaku).__yaku.works.items.length)).toBe(0);

	// the works are drawn from the vector tiles (the server rebuilds its index within ~2 s of a change)
	const inTiles = () =>
		page.evaluate(
			(want) =>
				(window as unknown as Yaku).__yaku.ctrl.map
					.queryRenderedFeatures({ layers: ['vt-intervenciones-fill'] })
					.filter((f) => want.includes(Number(f.properties?.id))).length,
			ids
		);
	await expect
		.poll(async () => {
			await page.evaluate(() => (window as unknown as Yaku).__yaku.ctrl.map.triggerRepaint());
			return inTiles();
		})
		.toBeGreaterThanOrEqual(3);

	// click the middle one → fetched by id, selected, detail shown
	const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
	const mid = await page.evaluate(
		([x, y]) => (window as unknown as Yaku).__yaku.ctrl.map.project([x!, y!]),
		[X0 + D * 2.5, Y0 + D / 2]
	);
	await page.mouse.click(box.x + mid.x, box.y + mid.y);
	await expect(page.getByTestId('work-detail')).toContainText(`${TAG} 1`);
	// the selected work is drawn by the overlay and hidden in the tiles (once the filter has been drawn)
	await expect.poll(inTiles).toBe(2);

	// edit: drag the north-east vertex outwards, save → shown at once with more hectares
	const haOf = async () =>
		Number(
			(await page.getByTestId('work-measures').locator('tr[data-q=areaHa] td').innerText())
				.replace(/[^\d,.]/g, '')
				.replace(/\./g, '')
				.replace(',', '.')
		);
	const before = await page.evaluate(() =>
		JSON.stringify((window as unknown as Yaku).__yaku.works.selected?.geometry)
	);
	await page.getByTestId('work-edit').click();
	await expect(page.getByTestId('live-measures')).toBeVisible();
	await waitIdle(page);
	const v = await page.evaluate(
		([x, y]) => (window as unknown as Yaku).__yaku.ctrl.map.project([x!, y!]),
		[X0 + D * 3, Y0 + D]
	);
	await page.mouse.move(box.x + v.x, box.y + v.y);
	await page.mouse.down();
	await page.mouse.move(box.x + v.x + 15, box.y + v.y - 10, { steps: 6 });
	await page.mouse.move(box.x + v.x + 30, box.y + v.y - 20, { steps: 6 });
	await page.mouse.up();
	await page.getByTestId('work-save').click();
	await expect(page.getByTestId('work-detail')).toBeVisible();
	const after = await page.evaluate(() =>
		JSON.stringify((window as unknown as Yaku).__yaku.works.selected?.geometry)
	);
	expect(after).not.toBe(before);
	expect(await haOf()).toBeGreaterThan(0);
	// the overlay draws the saved geometry right away
	await expect
		.poll(() =>
			page.evaluate(() =>
				(window as unknown as Yaku).__yaku.ctrl.map
					.queryRenderedFeatures({ layers: ['lyr-intervenciones-fill'] })
					.map((f) => Number(f.properties?.id))
			)
		)
		.toContain(ids[1]);

	// the table: paged, sorted, filtered and summed on the server
	await page.getByTestId('table-toggle').click();
	await page.locator('#tbl-q').fill(TAG);
	await expect(page.getByTestId('table-count')).toContainText('3');
	await expect(page.locator('[data-testid="works-table"] tbody tr')).toHaveCount(3);
	await expect(page.getByTestId('table-range')).toContainText('1–3');
	await expect(page.getByTestId('table-next')).toBeDisabled();
	const totalHa = await page.getByTestId('totals').locator('td[data-col=areaHa]').innerText();
	expect(totalHa.trim()).not.toBe('0,00');
	const api = await page.evaluate(async (tag) => {
		const r = await fetch(`/api/interventions/table?q=${encodeURIComponent(tag)}&limit=1&sort=name&dir=desc`);
		return r.json();
	}, TAG);
	expect(api.rows).toHaveLength(1);
	expect(api.numberMatched).toBe(3);
	expect(api.rows[0].name).toBe(`${TAG} 2`);
	expect(api.totals.count).toBe(3);
	// a bad query is refused with a stable code
	test.info().annotations.push({ type: 'allow-console', description: 'status of 400' });
	const bad = await page.evaluate(async () => (await fetch('/api/interventions/table?limit=100000')).json());
	expect(bad.code).toBe('INVALID_QUERY');

	// clean up (other tests count works)
	await page.evaluate(async (list) => {
		for (const id of list) {
			const f = await (await fetch(`/api/collections/intervenciones/features/${id}`)).json();
			await fetch(`/api/collections/intervenciones/features/${id}?version=${f.version}`, {
				method: 'DELETE'
			});
		}
	}, ids);
});
