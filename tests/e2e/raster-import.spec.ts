/**
 * Stored reference rasters (issue 6) end to end as a Comité user: a GeoTIFF orthophoto read in /importar,
 * saved as a "capa ráster de referencia" (browser encode + chunked upload), listed by GET /api/rasters and
 * its image served; a wide GeoTIFF (made at test time with gdal_translate) is downsampled with a warning.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { test, expect, type Page, waitHydrated } from './support/fixtures';

const FIX = 'tests/fixtures/import';
const uid = () => Math.random().toString(36).slice(2, 8);

function hasGdal(): boolean {
	try {
		execFileSync('gdal_translate', ['--version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

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

test('a GeoTIFF orthophoto is saved as a reference raster layer and listed by /api/rasters', async ({
	page
}) => {
	await login(page);
	await page.getByTestId('import-file').setInputFiles(`${FIX}/orto_utm19s.tif`);
	await expect(page.getByTestId('import-raster')).toContainText('RGB');
	await expect(page.getByTestId('raster-save')).toBeVisible();
	await expect(page.getByTestId('target-raster')).toBeChecked();
	const name = `Ortofoto e2e ${uid()}`;
	await page.getByTestId('raster-name').fill(name);
	await page.getByTestId('raster-submit').click();
	const saved = page.getByTestId('raster-saved');
	await expect(saved).toContainText(name);
	await expect(saved).toContainText('Error de ubicación estimado');
	const id = await saved.getAttribute('data-raster-id');
	expect(id).toMatch(/^r[0-9a-f]{16}$/);
	await page.screenshot({ path: 'test-results/raster-import.png', fullPage: true });

	const list = await page.request.get('/api/rasters');
	expect(list.status()).toBe(200);
	const item = ((await list.json()) as { rasters: Record<string, unknown>[] }).rasters.find(
		(r) => r.id === id
	);
	expect(item).toMatchObject({
		name,
		kind: 'rgb',
		width: 32,
		height: 24,
		sourceFile: 'orto_utm19s.tif',
		sourceCrs: 'EPSG:32719',
		createdByUsername: 'comite1'
	});
	const img = await page.request.get(`/api/rasters/${id}/image`);
	expect(img.status()).toBe(200);
	expect(img.headers()['content-type']).toMatch(/^image\/(webp|png)$/);
	expect(img.headers()['etag']).toBeTruthy();

	// the main map lists it in the layer panel (hidden until ticked) and «Ver en el mapa» shows it
	await page.goto(`/#layers=raster-${id}`);
	await page.waitForSelector('body[data-map-ready=true]');
	const row = page.locator(`[data-testid=stored-rasters] li[data-layer="raster-${id}"]`);
	await expect(row).toContainText(name);
	await expect(row.locator('input[type=checkbox]')).toBeChecked();
	await expect
		.poll(() =>
			page.evaluate((lid) => {
				const m = (window as unknown as { __yaku: { ctrl: { map: import('maplibre-gl').Map } } }).__yaku.ctrl
					.map;
				return m.getLayer(lid) ? (m.getLayoutProperty(lid, 'visibility') ?? 'visible') : 'missing';
			}, `stored-raster-${id}`)
		)
		.toBe('visible');
	await page.screenshot({ path: 'test-results/raster-main-map.png' });
	await row.locator('input[type=checkbox]').uncheck();
});

test('a GeoTIFF wider than 4096 px is downsampled with a warning', async ({ page }) => {
	test.skip(!hasGdal(), 'gdal_translate (gdal-bin) no está instalado');
	mkdirSync('test-results', { recursive: true });
	const wide = 'test-results/orto_ancha.tif';
	execFileSync('gdal_translate', ['-q', '-outsize', '4400', '33', `${FIX}/orto_utm19s.tif`, wide]);
	await login(page);
	await page.getByTestId('import-file').setInputFiles(wide);
	await expect(page.getByTestId('raster-downsample')).toContainText('4096');
	await page.getByTestId('raster-name').fill(`Ortofoto ancha ${uid()}`);
	await page.getByTestId('raster-submit').click();
	const saved = page.getByTestId('raster-saved');
	await expect(saved).toContainText('4096 × 31');
	const id = await saved.getAttribute('data-raster-id');
	const list = (await (await page.request.get('/api/rasters')).json()) as {
		rasters: { id: string; metadata: { downsampled: boolean; sourceWidth: number } }[];
	};
	expect(list.rasters.find((r) => r.id === id)?.metadata).toMatchObject({
		downsampled: true,
		sourceWidth: 4400
	});
});
