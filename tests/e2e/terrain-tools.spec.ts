/**
 * Issue 8 end to end, the parts a user does after the terrain shows (terrain.spec.ts covers display and analyses):
 * the zanja planner (Comité), the DEM-derived quebradas / microcuenca replacing the illustrative layers (admin, with
 * provenance, undone at the end so other specs keep the illustrative microcuenca), and bad input (corrupt GeoTIFF,
 * truncated .hgt, a pour point outside the DEM, cancelling a long DEM read) — all on SYNTHETIC terrain.
 * Independent of order: the installation DEM is loaded here when `dem-missing` shows.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { DEMS, ensureSyntheticDems } from './support/dems';
import { test, expect, waitForMap, type Page, login } from './support/fixtures';

const BAD = 'test-results/dems-bad';
const BIG = 'test-results/dems-big';
/** the app refuses state-changing requests without its own Origin (CSRF) */
const ORIGIN = () => new URL(test.info().project.use.baseURL as string).origin;

async function mapPoint(page: Page, fx: number, fy: number) {
	const box = (await page.getByTestId('map').boundingBox())!;
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** Terrain tab; loads the SYNTHETIC installation DEM first when none is stored (admin only). */
async function terrainTab(page: Page, admin: boolean) {
	await page.getByTestId('tab-terrain').click();
	await expect(page.getByTestId('dem-info').or(page.getByTestId('dem-missing'))).toBeVisible({
		timeout: 30_000
	});
	if (admin && (await page.getByTestId('dem-missing').isVisible())) {
		await page
			.getByTestId('dem-file')
			.setInputFiles([`${DEMS}/SYNTHETIC_S14W073.hgt`, `${DEMS}/SYNTHETIC_S14W072.hgt`]);
		await page.getByTestId('dem-upload').click();
	}
	await expect(page.getByTestId('dem-info')).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('dem-synthetic')).toContainText('SINTÉTICO');
}

test.beforeAll(() => {
	ensureSyntheticDems();
	mkdirSync(BAD, { recursive: true });
	// a "GeoTIFF" with a TIFF header and garbage after it, and a .hgt cut short (a real one is 1201² or 3601² int16)
	const junk = Buffer.alloc(4096);
	junk.write('II*\0', 0, 'latin1');
	for (let i = 8; i < junk.length; i++) junk[i] = (i * 7919) % 251;
	writeFileSync(`${BAD}/SYNTHETIC_roto.tif`, junk);
	writeFileSync(`${BAD}/SYNTHETIC_S14W073.hgt`, Buffer.alloc(100_000));
	// a SYNTHETIC 1" tile (3601², 26 MB): reading it takes long enough to cancel
	if (!existsSync(`${BIG}/SYNTHETIC_S14W073.hgt`)) {
		mkdirSync(BIG, { recursive: true });
		const n = 3601;
		const buf = Buffer.alloc(n * n * 2);
		for (let r = 0; r < n; r++)
			for (let c = 0; c < n; c++)
				buf.writeInt16BE(
					3400 + Math.round(3000 * Math.hypot(-73 + c / (n - 1) + 72.05, -r / (n - 1) + 0.6)),
					(r * n + c) * 2
				);
		writeFileSync(`${BIG}/SYNTHETIC_S14W073.hgt`, buf);
	}
});

test('zanja planner: a Comité user edits the spacing table, plans trenches in a polygon and saves them as planned works', async ({
	page
}) => {
	test.setTimeout(60_000);
	// make sure a DEM exists (admin), then work as the Comité
	await login(page, 'admin1', 'e2e-admin-clave-1');
	await page.goto('/#map=13.6/-13.405/-72.05');
	await waitForMap(page);
	await terrainTab(page, true);
	await page.context().clearCookies();

	await login(page, 'comite1', 'e2e-comite-clave-1');
	await page.goto('/?e2e=zanjas#map=13.6/-13.405/-72.05');
	await waitForMap(page);
	await terrainTab(page, false);
	await expect(page.getByTestId('dem-file')).toHaveCount(0); // only an admin loads the DEM

	const before = await page.evaluate(async () => {
		const r = await fetch('/api/collections/intervenciones/features?limit=1000');
		return ((await r.json()).features as any[]).filter((f) => f.properties.type === 'zanja_infiltracion')
			.length;
	});

	await page.getByTestId('t-zanjas').click();
	// the slope → spacing table is editable before drawing: the SYNTHETIC bowl is gentle (mostly < 5 %, where the
	// default table proposes none), so the Comité sets 20 m for 0–5 % and closer trenches on 5–15 %
	await expect(page.getByTestId('spacing-table')).toBeVisible();
	await page.getByTestId('spacing-0').fill('20');
	await page.getByTestId('spacing-1').fill('10');
	for (const [fx, fy] of [
		[0.3, 0.3],
		[0.6, 0.3],
		[0.62, 0.62],
		[0.32, 0.6]
	]) {
		const p = await mapPoint(page, fx!, fy!);
		await page.mouse.click(p.x, p.y);
		await page.waitForTimeout(120);
	}
	const first = await mapPoint(page, 0.3, 0.3);
	await page.mouse.click(first.x, first.y);

	const result = page.getByTestId('zanjas-result');
	await expect(result).toContainText(' m³', { timeout: 30_000 });
	await expect(result).toContainText(' ha');
	const count = async () => Number((await result.locator('dd').first().innerText()).replace(/\D/g, ''));
	const n1 = await count();
	expect(n1).toBeGreaterThan(0);
	// wider spacing → fewer trenches, recomputed on the same polygon
	const table = page.getByTestId('spacing-table');
	if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open))) await table.locator('summary').click();
	await page.getByTestId('spacing-0').fill('60');
	await page.getByTestId('spacing-1').fill('30');
	await page.getByTestId('zanjas-recompute').click();
	await expect.poll(count, { timeout: 20_000 }).toBeLessThan(n1);
	const n = await count();
	expect(n).toBeGreaterThan(0);
	await expect(page.getByTestId('terrain-progress')).toHaveCount(0); // no stale progress bar
	await page.screenshot({ path: 'test-results/terrain-zanjas.png' });

	await page.getByTestId('zanjas-save').click();
	await expect(page.getByTestId('terrain-panel').locator('.ok')).toContainText(`${n} zanja`, {
		timeout: 30_000
	});

	// stored as planned works of the green-infrastructure model, with server-computed measures
	const saved = await page.evaluate(async () => {
		const r = await fetch('/api/collections/intervenciones/features?limit=1000');
		return ((await r.json()).features as any[]).filter((f) => f.properties.type === 'zanja_infiltracion');
	});
	expect(saved.length).toBe(before + n);
	const mine = saved.filter((f) => /planificador de zanjas/.test(f.properties.notes ?? '')).slice(-n);
	expect(mine).toHaveLength(n);
	for (const f of mine) {
		expect(f.geometry.type).toBe('LineString');
		expect(f.properties.state).toBe('planificada');
		expect(f.status).toBe('borrador');
		expect(f.properties.measures.lengthM).toBeGreaterThan(0);
		expect(f.properties.measures.volumeM3).toBeGreaterThan(0);
		expect(f.properties.notes).toContain('SYNTHETIC');
	}
	// and they are in the works table
	await page.getByTestId('table-toggle').click();
	await expect(page.getByTestId('works-table')).toContainText(/[Zz]anja/);
});

test('derived layers: the admin replaces quebradas and microcuenca from the DEM (provenance, survives a reload), then undoes it', async ({
	page
}) => {
	test.setTimeout(80_000);
	await login(page, 'admin1', 'e2e-admin-clave-1');
	await page.goto('/#map=12.6/-13.41/-72.04');
	await waitForMap(page);
	await terrainTab(page, true);
	const info = (id: string) =>
		page.evaluate(async (id) => {
			const r = await fetch('/api/layers');
			return ((await r.json()).layers as any[]).find((l) => l.id === id);
		}, id);
	const original = await info('microcuenca');

	try {
		await page.getByTestId('t-streams').click();
		await expect(page.getByTestId('streams-result')).toContainText('orden de Strahler', { timeout: 60_000 });
		await page.getByTestId('save-streams').click();
		await expect(page.getByTestId('terrain-panel').locator('.ok')).toContainText(/quebradas/i, {
			timeout: 20_000
		});

		await page.getByTestId('t-watershed').click();
		const p = await mapPoint(page, 0.55, 0.6);
		await page.mouse.click(p.x, p.y);
		await expect(page.getByTestId('watershed-result')).toContainText('ha', { timeout: 60_000 });
		await page.getByTestId('save-watershed').click();
		await expect(page.getByTestId('terrain-panel').locator('.ok')).toContainText(/microcuenca/i, {
			timeout: 20_000
		});

		// the layer panel shows the new catalogue entry without a reload (count of the derived streams)
		const derivedCount = (await info('quebradas')).featureCount as number;
		await page.getByTestId('tab-layers').click();
		await expect
			.poll(async () =>
				(await page.locator('.layers li[data-layer=quebradas] .count').innerText()).replace(/\D/g, '')
			)
			.toBe(String(derivedCount));
		await page.getByTestId('tab-terrain').click();

		// the map shows the derived basin at once
		await expect
			.poll(() =>
				page.evaluate(() => {
					const m = (window as any).__yaku.ctrl.map;
					const ids = m
						.getStyle()
						.layers.map((l: any) => l.id)
						.filter((i: string) => i.startsWith('lyr-microcuenca-'));
					return m
						.queryRenderedFeatures({ layers: ids })
						.some((f: any) => /DEM/.test(f.properties.fuente ?? ''));
				})
			)
			.toBe(true);

		// reload: the catalogue serves the derived layers with their provenance
		await page.reload();
		await waitForMap(page);
		for (const id of ['quebradas', 'microcuenca']) {
			const l = await info(id);
			expect(l.status).toBe('ok');
			expect(l.provenance.source).toMatch(/^Derivado del DEM «.+» \(SINTÉTICO\)/);
			// derived from a SYNTHETIC DEM: still flagged illustrative, never shown as real
			expect(l.illustrative).toBe(true);
		}
		expect((await info('quebradas')).provenance.source).toContain('umbral 20 ha');
		// after the reload the admin can still undo both derivations from the panel
		await page.getByTestId('tab-terrain').click();
		await expect(page.getByTestId('restore-quebradas')).toBeVisible({ timeout: 20_000 });
		await expect(page.getByTestId('restore-microcuenca')).toBeVisible();

		// legend badge and the layer panel's provenance
		await expect(page.locator('[data-testid=legend] li[data-layer=microcuenca]')).toBeVisible();
		const fc = await page.evaluate(async () => (await fetch('/api/layers/microcuenca')).json());
		expect(fc.features).toHaveLength(1);
		expect(fc.features[0].properties.fuente).toMatch(/^Derivado del DEM «.+» \(SINTÉTICO\), salida/);
		await page.screenshot({ path: 'test-results/terrain-derived-legend.png' });
	} finally {
		// undo both derivations (the other specs expect the illustrative layers); the API refuses a second undo
		const undo: Record<string, number> = {};
		for (const k of ['quebradas', 'microcuenca'])
			undo[k] = (
				await page.request.delete(`/api/layers/derived/${k}`, { headers: { origin: ORIGIN() } })
			).status();
		expect(undo).toEqual({ quebradas: 200, microcuenca: 200 });
	}
	const restored = await info('microcuenca');
	expect(restored.illustrative).toBe(original.illustrative);
	expect(restored.provenance.source).toBe(original.provenance.source);
	const again = await page.request.delete('/api/layers/derived/microcuenca', {
		headers: { origin: ORIGIN() }
	});
	expect(again.status()).toBe(409);
	expect((await again.json()).code).toBe('LAYER_NOT_DERIVED');
});

test('bad input: corrupt GeoTIFF, truncated .hgt, pour point outside the DEM, cancel — clear messages, nothing lost', async ({
	page
}) => {
	test.setTimeout(80_000);
	await login(page, 'admin1', 'e2e-admin-clave-1');
	await page.goto('/#map=12.6/-13.41/-72.04');
	await waitForMap(page);
	await terrainTab(page, true);
	const demName = await page.getByTestId('dem-info').locator('strong').innerText();
	const note = page.getByTestId('terrain-panel').locator('.warn');

	for (const file of [`${BAD}/SYNTHETIC_roto.tif`, `${BAD}/SYNTHETIC_S14W073.hgt`]) {
		await page.getByTestId('dem-file').setInputFiles([file]);
		await page.getByTestId('dem-upload').click();
		await expect(note).toContainText(/\((DEM_[A-Z_]+)\)/, { timeout: 30_000 });
		await expect(note).not.toContainText(/undefined|TypeError|\[object/);
		// the stored DEM is untouched and still used
		await expect(page.getByTestId('dem-info').locator('strong')).toHaveText(demName);
	}
	const text = await note.innerText();
	expect(text).toMatch(/[áéíóúñ]|archivo|DEM|tamaño|celdas/i);

	// a pour point outside the DEM
	await page.evaluate(() => (window as any).__yaku.ctrl.map.jumpTo({ center: [-70.5, -12.2], zoom: 11 }));
	await page.getByTestId('t-watershed').click();
	const far = await mapPoint(page, 0.5, 0.5);
	await page.mouse.click(far.x, far.y);
	const alert = page.getByTestId('terrain-panel').getByRole('alert');
	await expect(alert).toContainText('fuera del DEM', { timeout: 30_000 });
	await expect(alert).toContainText('(POINT_OUTSIDE_DEM)');

	// cancel a long read (a 26 MB SYNTHETIC 1" tile): the progress bar has a cancel button
	await page.getByTestId('dem-file').setInputFiles([`${BIG}/SYNTHETIC_S14W073.hgt`]);
	await page.getByTestId('dem-upload').click();
	await expect(page.getByTestId('terrain-progress')).toBeVisible();
	await page.getByTestId('terrain-cancel').click();
	await expect(note).toContainText('cancelada', { timeout: 20_000 });
	await expect(page.getByTestId('terrain-progress')).toHaveCount(0);
	await expect(page.getByTestId('dem-info').locator('strong')).toHaveText(demName);

	// the panel still works on the installation DEM after all of it
	await page.evaluate(() => (window as any).__yaku.ctrl.map.jumpTo({ center: [-72.04, -13.41], zoom: 12.6 }));
	await page.getByTestId('t-streams').click();
	await expect(page.getByTestId('streams-result')).toContainText('orden de Strahler', { timeout: 60_000 });
	await page.getByTestId('t-watershed').click();
	const p = await mapPoint(page, 0.55, 0.6);
	await page.mouse.click(p.x, p.y);
	await expect(page.getByTestId('watershed-result')).toContainText('ha', { timeout: 60_000 });
	await expect(alert).toHaveCount(0);
});
