/**
 * Export (/exportar + ExportDialog): a reference layer as a zipped shapefile in UTM 18S and the
 * interventions as CSV, downloaded through the UI; the shapefile is checked with GDAL's ogrinfo when
 * gdal-bin is installed (same count and fields as the layer served by the API).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';

const hasOgr = spawnSync('ogrinfo', ['--version']).status === 0;

test('reference layer → zipped shapefile (UTM 18S) that GDAL reads with the same count', async ({ page }) => {
	await page.goto('/exportar');
	await page.waitForSelector('body[data-export-ready="true"]');
	const source = page.getByTestId('export-source');
	const value = await source.locator('option[value^="ref:"]').first().getAttribute('value');
	expect(value).toBeTruthy();
	await source.selectOption(value!);
	const id = value!.slice(4);
	const served = await page.evaluate(async (i) => (await fetch(`/api/layers/${i}`)).json(), id);
	await page.getByTestId('export-format-shapefile').check();
	await page.getByTestId('export-crs').selectOption('32718');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-download').click()
	]);
	expect(download.suggestedFilename()).toBe(`${id}.zip`);
	const dir = mkdtempSync(join(tmpdir(), 'yaku-export-'));
	const file = join(dir, download.suggestedFilename());
	await download.saveAs(file);
	expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
	await expect(page.getByTestId('export-message')).toContainText(`${served.features.length} entidades`);
	test.skip(!hasOgr, 'gdal-bin (ogrinfo) no instalado: se omite la comprobación con GDAL');
	const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', `/vsizip/${file}`], { encoding: 'utf8' });
	const counts = [...info.matchAll(/Feature Count: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
	expect(counts).toBe(served.features.length);
	expect(info).toMatch(/UTM zone 18S/);
	const props = Object.keys(served.features[0]?.properties ?? {}).filter((k) => k.length <= 10);
	for (const p of props.slice(0, 5)) expect(info).toContain(`${p}:`);
});

test('interventions as CSV (filtered table) download', async ({ page }) => {
	await page.goto('/exportar');
	await page.waitForSelector('body[data-export-ready="true"]');
	await page.getByTestId('export-source').selectOption('works');
	await page.getByTestId('export-format-csv').check();
	const n = await page.evaluate(
		async () =>
			(await (await fetch('/api/collections/intervenciones/features?limit=10000')).json()).features.length
	);
	if (n === 0) {
		await page.getByTestId('export-download').click();
		await expect(page.getByTestId('export-message')).toContainText('No hay entidades');
		return;
	}
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-download').click()
	]);
	expect(download.suggestedFilename()).toMatch(/^intervenciones.*\.csv$/);
	const dir = mkdtempSync(join(tmpdir(), 'yaku-export-'));
	const file = join(dir, download.suggestedFilename());
	await download.saveAs(file);
	const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	const header = text.split(/\r?\n/)[0]!;
	expect(header).toContain('type');
	expect(header).toContain('state');
	await expect(page.getByTestId('export-count')).toContainText(String(n));
});
