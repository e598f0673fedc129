import { test, expect, waitForMap, rendered, waitIdle } from './support/fixtures';
import { existsSync } from 'node:fs';

const SHARED = existsSync('../shared/data/chinchero-district.geojson');

async function visibleLayerIds(page: import('@playwright/test').Page): Promise<string[]> {
	return page.$$eval('.layers li[data-layer]', (lis) =>
		lis
			.filter((li) => (li.querySelector('input[type=checkbox]') as HTMLInputElement | null)?.checked)
			.map((li) => li.getAttribute('data-layer') ?? '')
	);
}

test.describe('mapa', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
		await waitForMap(page);
	});

	test('the map renders every visible layer and the canvas is not blank', async ({ page }) => {
		// show the whole district so every layer is in view
		await page.evaluate(() => {
			const y = (window as any).__yaku;
			const d = y.layers.items.find((i: any) => i.info.kind === 'distrito') ?? y.layers.items[0];
			y.ctrl.fitBounds(d.info.bbox, false);
		});
		await waitIdle(page);
		const ids = await visibleLayerIds(page);
		expect(ids.length).toBeGreaterThanOrEqual(6);
		const counts: Record<string, number> = await page.evaluate(() =>
			Object.fromEntries(
				(window as any).__yaku.layers.items.map((i: any) => [i.info.id, i.info.featureCount])
			)
		);
		// every visible layer that has features draws some (a new installation has no works yet)
		for (const id of ids)
			if ((counts[id] ?? 0) > 0)
				expect(await rendered(page, id), `rendered features of ${id}`).toBeGreaterThan(0);

		const colours = await page.evaluate(() => {
			const c = document.querySelector('[data-testid=map] canvas') as HTMLCanvasElement;
			const tmp = document.createElement('canvas');
			tmp.width = 200;
			tmp.height = 150;
			const ctx = tmp.getContext('2d')!;
			ctx.drawImage(c, 0, 0, 200, 150);
			const px = ctx.getImageData(0, 0, 200, 150).data;
			const set = new Set<number>();
			for (let i = 0; i < px.length; i += 4) set.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
			return set.size;
		});
		expect(colours, 'distinct colours on the map canvas').toBeGreaterThan(20);
		await page.screenshot({ path: 'test-results/map.png' });
	});

	test('real INEI layers are shown when ../shared/data exists', async ({ page }) => {
		test.skip(!SHARED, '../shared/data is absent: the app runs on the illustrative demo set only');
		const info = await page.evaluate(() =>
			(window as any).__yaku.layers.items.map((i: any) => ({
				kind: i.info.kind,
				ill: i.info.illustrative,
				n: i.info.featureCount
			}))
		);
		expect(info).toContainEqual({ kind: 'distrito', ill: false, n: 1 });
		expect(info).toContainEqual({ kind: 'centros_poblados', ill: false, n: 46 });
	});

	test('toggling a layer removes it from the map and the legend', async ({ page }) => {
		expect(await rendered(page, 'laguna')).toBeGreaterThan(0);
		await expect(page.locator('[data-testid=legend] li[data-layer=laguna]')).toHaveCount(1);
		await page.locator('.layers li[data-layer=laguna] input[type=checkbox]').uncheck();
		await waitIdle(page);
		expect(await rendered(page, 'laguna')).toBe(0);
		await expect(page.locator('[data-testid=legend] li[data-layer=laguna]')).toHaveCount(0);
		expect(page.url()).not.toMatch(/layers=[^&]*laguna/);
		await page.locator('.layers li[data-layer=laguna] input[type=checkbox]').check();
		await waitIdle(page);
		expect(await rendered(page, 'laguna')).toBeGreaterThan(0);
	});

	test('the legend lists exactly the visible layers', async ({ page }) => {
		const visible = await visibleLayerIds(page);
		const legend = await page.$$eval('[data-testid=legend] > ul > li[data-layer]', (lis) =>
			lis.map((l) => l.getAttribute('data-layer'))
		);
		expect(legend.sort()).toEqual(visible.sort());
		// illustrative layers carry the badge in the legend
		await expect(page.locator('[data-testid=legend] li[data-layer=laguna] .badge')).toHaveText(/ilustrativo/);
	});

	test('the language switch changes labels (es → en → qu → es)', async ({ page }) => {
		await expect(page.locator('#layers-title')).toHaveText('Capas');
		await page.getByTestId('lang').selectOption('en');
		await expect(page.locator('#layers-title')).toHaveText('Layers');
		await expect(page.getByTestId('fit-microcuenca')).toContainText('whole micro-watershed');
		await page.getByTestId('lang').selectOption('qu');
		await expect(page.locator('#layers-title')).toHaveText('Capakuna');
		await expect(page.locator('html')).toHaveAttribute('lang', 'qu');
		await page.getByTestId('lang').selectOption('es');
		await expect(page.locator('#legend-title')).toContainText('Leyenda');
	});

	test('a popup opens on click with attributes in Spanish and the illustrative note', async ({ page }) => {
		const pt = await page.evaluate(() => {
			const y = (window as any).__yaku;
			const b = y.layers.items.find((i: any) => i.info.kind === 'laguna').info.bbox;
			const p = y.ctrl.map.project([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
			const r = y.ctrl.map.getCanvas().getBoundingClientRect();
			return { x: r.left + p.x, y: r.top + p.y };
		});
		await page.mouse.click(pt.x, pt.y);
		const popup = page.locator('.maplibregl-popup');
		await expect(popup).toBeVisible();
		await expect(popup).toContainText('Laguna Piuray');
		await expect(popup).toContainText('ilustrativo — sin fuente oficial');
		await page.screenshot({ path: 'test-results/popup.png' });
	});

	test('cursor coordinates in WGS84 and UTM with the right zone, switchable to PSAD56', async ({ page }) => {
		const box = (await page.getByTestId('map').boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		const coords = page.getByTestId('coords');
		await expect(coords.locator('[data-key=decimal]')).toContainText('-13.');
		await expect(coords.locator('[data-key=dms]')).toContainText('S');
		await expect(coords.locator('[data-key=utm]')).toContainText(/UTM 1[89]S/);
		await coords.getByLabel('PSAD56').check();
		await expect(coords.locator('[data-key=utm]')).toContainText('PSAD56');
	});

	test('the view is kept in the URL and a link reopens it', async ({ page }) => {
		await page.evaluate(() =>
			(window as any).__yaku.ctrl.map.jumpTo({ center: [-72.05, -13.39], zoom: 14.5 })
		);
		await expect.poll(() => page.url()).toContain('map=14.5/-13.39/-72.05');
		await page.locator('.layers li[data-layer=zee] input[type=checkbox]').uncheck();
		await expect.poll(() => page.url()).not.toMatch(/layers=[^&]*zee/);
		const url = page.url();
		await page.goto('about:blank');
		await page.goto(url);
		await waitForMap(page);
		const v = await page.evaluate(() => {
			const m = (window as any).__yaku.ctrl.map;
			return { z: m.getZoom(), c: m.getCenter() };
		});
		expect(v.z).toBeCloseTo(14.5, 1);
		expect(v.c.lat).toBeCloseTo(-13.39, 3);
		await expect(page.locator('.layers li[data-layer=zee] input[type=checkbox]')).not.toBeChecked();
	});

	test('"ver toda la microcuenca" and the north arrow', async ({ page }) => {
		await page.evaluate(() =>
			(window as any).__yaku.ctrl.map.jumpTo({ center: [-71.9, -13.2], zoom: 16, bearing: 40 })
		);
		await page.getByTestId('north-arrow').click();
		await expect
			.poll(() => page.evaluate(() => Math.round((window as any).__yaku.ctrl.map.getBearing())))
			.toBe(0);
		await page.getByTestId('fit-microcuenca').click();
		await expect.poll(() => page.evaluate(() => (window as any).__yaku.ctrl.map.isMoving())).toBe(false);
		await waitIdle(page);
		expect(await rendered(page, 'microcuenca')).toBeGreaterThan(0);
		await expect(page.locator('.maplibregl-ctrl-scale')).toBeVisible();
	});
});

test('a broken URL hash opens the default view', async ({ page }) => {
	await page.goto('/#map=NaN/999/abc&layers=<script>&b=1e999');
	await waitForMap(page);
	const z = await page.evaluate(() => (window as any).__yaku.ctrl.map.getZoom());
	expect(z).toBeGreaterThan(9);
	expect(await rendered(page, 'laguna')).toBeGreaterThan(0);
});

test('an unknown route shows a Spanish 404 page with a way back to the map', async ({ page }) => {
	test.info().annotations.push({ type: 'allow-console', description: 'status of 404' });
	const res = await page.goto('/no-existe');
	expect(res?.status()).toBe(404);
	await expect(page.locator('h1')).toHaveText('Página no encontrada');
	await page.getByRole('link', { name: /Volver al mapa/ }).click();
	await waitForMap(page);
});
