/**
 * Printable map report (/imprimir): title, map, legend, scale bar, north arrow, date, author, credits and
 * summary table are there; Chromium prints it to PDF (page.pdf) and "Exportar PNG" downloads a PNG.
 */
import { readFileSync } from 'node:fs';
import { test, expect, waitForMap } from './support/fixtures';

test('print layout has every part, prints to PDF and exports PNG', async ({ page }) => {
	await page.setViewportSize({ width: 1400, height: 1000 });
	await page.goto('/imprimir?title=Mapa%20de%20prueba&author=Comit%C3%A9%20E2E&size=A4&orient=landscape');
	await waitForMap(page);
	await expect(page.getByTestId('print-title')).toHaveText('Mapa de prueba');
	await expect(page.getByTestId('print-author')).toContainText('Comité E2E');
	await expect(page.getByTestId('print-date')).not.toBeEmpty();
	await expect(page.getByTestId('map')).toBeVisible();
	await expect(page.getByTestId('print-legend').locator('li').first()).toBeVisible();
	await expect(page.getByTestId('print-scale')).toContainText(/\d+ (m|km)/);
	await expect(page.getByTestId('print-north')).toBeVisible();
	await expect(page.getByTestId('print-credits')).toContainText('yaku');
	await expect(page.getByTestId('print-summary')).toBeVisible();
	await page.screenshot({ path: 'test-results/print-layout.png' });

	const pdf = await page.pdf({
		format: 'A4',
		landscape: true,
		printBackground: true,
		preferCSSPageSize: true
	});
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.length).toBeGreaterThan(20_000);
	// one page
	expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('print-png').click()
	]);
	expect(download.suggestedFilename()).toMatch(/^mapa-\d{4}-\d\d-\d\d\.png$/);
	const path = await download.path();
	const png = readFileSync(path!);
	expect(png.subarray(1, 4).toString()).toBe('PNG');
	await download.saveAs('test-results/print-export.png');
});

test('layers and view come from the query (view hash, layers)', async ({ page }) => {
	await page.goto('/imprimir?view=map%3D13%2F-13.42%2F-72.03&layers=laguna,microcuenca&title=Laguna');
	await waitForMap(page);
	const legend = page.getByTestId('print-legend');
	await expect(legend).toContainText('Laguna');
	await expect(legend).not.toContainText('Obras');
	const zoom = await page.evaluate(() =>
		(window as unknown as { __yaku: { ctrl: { map: { getZoom(): number } } } }).__yaku.ctrl.map.getZoom()
	);
	expect(zoom).toBeCloseTo(13, 1);
});
