/**
 * Import wizard (/importar) end to end as a Comité user: a shapefile without .prj (CRS proposed, confirmed,
 * re-read), loose shapefile parts, a GeoTIFF DEM shown as an image, a GPX imported as interventions with
 * attribute mapping (one bulk request), cancel, and the clear message for anonymous visitors.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { test, expect, type Page, waitHydrated } from './support/fixtures';

const FIX = 'tests/fixtures/import';
const uid = () => Math.random().toString(36).slice(2, 8);

async function login(page: Page) {
	await page.goto('/login?next=/importar');
	await page.fill('#username', 'comite1');
	await page.fill('#password', 'e2e-comite-clave-1');
	await page.click('button[type=submit]');
	await page.waitForURL(/\/importar/);
	await expect(page.getByTestId('import-drop')).toBeVisible();
	// a file set before hydration would fire `change` before the wizard listens
	await waitHydrated(page);
}

test('anonymous visitors get a clear message', async ({ page }) => {
	await page.goto('/importar');
	await expect(page.getByTestId('import-denied')).toContainText('Comité de Gestión');
	await expect(page.getByTestId('import-drop')).toHaveCount(0);
});

test('shapefile without .prj: CRS proposed and confirmed, preview, stored as an imported layer', async ({
	page
}) => {
	await login(page);
	await page.getByTestId('import-file').setInputFiles(`${FIX}/parcelas_utm18s_noprj.zip`);
	const confirm = page.getByTestId('import-crs-confirm');
	await expect(confirm).toBeVisible();
	await expect(confirm).toContainText('UTM');
	await page.screenshot({ path: 'test-results/import-crs.png' });
	// nothing was read with a guessed CRS
	await expect(page.getByTestId('import-count')).toHaveText('0');
	await page.getByTestId('import-crs-select').selectOption('EPSG:32718');
	await page.getByTestId('import-crs-apply').click();
	await expect(page.getByTestId('import-count')).toHaveText('3');
	await expect(page.getByTestId('import-crs')).toContainText('UTM zona 18S');
	await expect(page.getByTestId('import-table')).toContainText('nombre');
	await expect(page.getByTestId('import-table').locator('tbody tr')).toHaveCount(3);
	await page.waitForSelector('body[data-import-preview="3"]');
	const name = `Parcelas e2e ${uid()}`;
	await page.getByTestId('layer-name').fill(name);
	await page.getByTestId('prov-source').fill('Prueba e2e');
	await page.setViewportSize({ width: 1280, height: 2300 });
	await page.screenshot({ path: 'test-results/import-wizard.png' });
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.getByTestId('import-submit').click();
	await expect(page.getByTestId('import-saved')).toContainText('3 entidades');
	const list = await page.evaluate(async () => (await fetch('/api/imports/layers')).json());
	const l = list.layers.find((x: { name: string }) => x.name === name);
	expect(l).toMatchObject({
		featureCount: 3,
		sourceFile: 'parcelas_utm18s_noprj.zip',
		sourceCrs: 'EPSG:32718'
	});
});

test('loose shapefile parts are read together', async ({ page }) => {
	await login(page);
	const parts = unzipSync(readFileSync(`${FIX}/parcelas_utm18s.zip`));
	const files = Object.entries(parts)
		.filter(([n]) => !n.endsWith('/'))
		.map(([n, b]) => ({
			name: n.replace(/^.*\//, ''),
			mimeType: 'application/octet-stream',
			buffer: Buffer.from(b)
		}));
	expect(files.length).toBeGreaterThanOrEqual(4);
	await page.getByTestId('import-file').setInputFiles(files);
	await expect(page.getByTestId('import-count')).toHaveText('3');
	await expect(page.getByTestId('import-crs')).toContainText('UTM zona 18S');
	await expect(page.getByTestId('import-crs-confirm')).toHaveCount(0);
});

test('GeoTIFF DEM is shown on the map as an image', async ({ page }) => {
	await login(page);
	await page.getByTestId('import-file').setInputFiles(`${FIX}/dem_utm18s.tif`);
	await expect(page.getByTestId('import-raster')).toContainText('DEM');
	await expect(page.getByTestId('import-raster')).toContainText('40 × 30');
	const hasImage = await page.evaluate(() => {
		const c = document.querySelector('[data-testid="map"] canvas');
		return !!c;
	});
	expect(hasImage).toBe(true);
	await page.screenshot({ path: 'test-results/import-dem.png', fullPage: true });
});

test('GPX waypoints → interventions with attribute mapping in one request', async ({ page }) => {
	await login(page);
	await page.getByTestId('import-file').setInputFiles(`${FIX}/puntos.gpx`);
	await expect(page.getByTestId('import-count')).toHaveText('5');
	await page.getByTestId('target-interventions').check();
	await page.getByTestId('work-type').selectOption('proteccion_manante');
	await page.getByTestId('work-state').selectOption('planificada');
	const community = `Comunidad ${uid()}`;
	await page.getByTestId('work-community').fill(community);
	await expect(page.getByTestId('map-name')).toHaveValue('name');
	await expect(page.getByTestId('import-summary')).toContainText('5 intervenciones');
	const bulk = page.waitForRequest(
		(r) => r.url().endsWith('/api/interventions/bulk') && r.method() === 'POST'
	);
	await page.getByTestId('import-submit').click();
	await bulk;
	await expect(page.getByTestId('import-saved')).toContainText('5 intervenciones');
	const got = await page.evaluate(async (c) => {
		const fc = await (await fetch('/api/collections/intervenciones/features?limit=10000')).json();
		return fc.features
			.filter((f: { properties: { community?: string } }) => f.properties.community === c)
			.map((f: { properties: { name?: string; type: string; state: string } }) => f.properties);
	}, community);
	expect(got).toHaveLength(5);
	expect(
		got.every(
			(p: { type: string; state: string }) => p.type === 'proteccion_manante' && p.state === 'planificada'
		)
	).toBe(true);
	expect(got.map((p: { name?: string }) => p.name)).toContain('Manante Ñawpa');
});

test('a long read can be cancelled and the wizard stays usable', async ({ page }) => {
	await login(page);
	const rows = ['lon;lat;nombre'];
	for (let i = 0; i < 400_000; i++)
		rows.push(`-72,${String(i % 1000).padStart(3, '0')};-13,4${i % 10};punto número ${i}`);
	await page.getByTestId('import-file').setInputFiles({
		name: 'grande.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(rows.join('\n'))
	});
	await expect(page.getByTestId('import-progress')).toBeVisible();
	await page.getByTestId('import-cancel').click();
	await expect(page.getByTestId('import-error')).toContainText('IMPORT_CANCELLED');
	await page.getByTestId('import-file').setInputFiles(`${FIX}/parcelas.kml`);
	await expect(page.getByTestId('import-count')).toHaveText('3');
});
