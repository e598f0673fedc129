import { test, expect, waitForMap, waitIdle, type Page, login } from './support/fixtures';
import { parseNum } from './support/numbers';

async function mapPoint(page: Page, fx: number, fy: number) {
	const box = (await page.getByTestId('map').boundingBox())!;
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

async function measure(page: Page, testid: string, q: string): Promise<number> {
	const txt = await page.getByTestId(testid).locator(`tr[data-q=${q}] td`).innerText();
	return parseNum(txt);
}

test('a Comité user draws a forestation polygon, saves, reloads, edits a vertex, undoes; table and summary agree', async ({
	page
}) => {
	const NAME = `Bosque de queuña E2E ${Date.now()}`;
	await login(page, 'comite1', 'e2e-comite-clave-1');
	await page.goto('/?e2e=obras#map=14.6/-13.405/-72.06&layers=intervenciones,microcuenca');
	await waitForMap(page);
	// the view must be the one of the link (the query makes it a full load: the login lands on "/", and a
	// same-document hash change was seen to keep the old view)
	await expect
		.poll(() => page.evaluate(() => Math.round((window as any).__yaku.ctrl.map.getZoom() * 10)))
		.toBe(146);
	await page.getByTestId('tab-works').click();
	await page.getByTestId('work-type').selectOption('forestacion');
	await page.getByTestId('work-draw').click();

	// a quadrilateral, closed by clicking the first vertex again
	const v = [
		[0.3, 0.3],
		[0.5, 0.3],
		[0.52, 0.5],
		[0.32, 0.52]
	];
	for (const [fx, fy] of v) {
		const p = await mapPoint(page, fx!, fy!);
		await page.mouse.click(p.x, p.y);
		await page.waitForTimeout(120);
	}
	const first = await mapPoint(page, 0.3, 0.3);
	await page.mouse.click(first.x, first.y);

	await expect(page.getByTestId('live-measures').locator('tr[data-q=areaHa]')).toBeVisible();
	const ha = await measure(page, 'live-measures', 'areaHa');
	expect(ha).toBeGreaterThan(1);
	const plants = await measure(page, 'live-measures', 'plants');
	expect(plants).toBeGreaterThan(100);

	await page.locator('input[name=name]').fill(NAME);
	await page.locator('select[name=state]').selectOption('ejecutada');
	await page.getByTestId('work-save').click();
	const detail = page.getByTestId('work-detail');
	await expect(detail).toContainText(NAME);
	// the server computes the stored measures with the same library: equal to the live value
	expect(await measure(page, 'work-measures', 'areaHa')).toBeCloseTo(ha, 2);
	await page.screenshot({ path: 'test-results/works-saved.png' });

	// reload: it is still there, drawn on the map
	await page.reload();
	await waitForMap(page);
	const n = await page.evaluate(() => (window as any).__yaku.ctrl.renderedCount('intervenciones'));
	expect(n).toBeGreaterThan(0);
	await page.getByTestId('table-toggle').click();
	const row = page.getByTestId('works-table').locator('tbody tr', { hasText: NAME });
	await expect(row).toHaveCount(1);
	await row.click();
	await page.getByTestId('table-toggle').click(); // close the table: the whole map is free for editing
	await page.getByTestId('tab-works').click();
	await expect(page.getByTestId('work-detail')).toContainText(NAME);

	// edit: drag a vertex outwards → more hectares; undo → back to the saved area
	await page.evaluate(() =>
		(window as any).__yaku.ctrl.map.jumpTo({ center: [-72.06, -13.405], zoom: 14.6 })
	);
	await waitIdle(page);
	await page.getByTestId('work-edit').click();
	await expect(page.getByTestId('live-measures')).toBeVisible();
	const haBefore = await measure(page, 'live-measures', 'areaHa');
	const from = await mapPoint(page, 0.52, 0.5);
	const to = await mapPoint(page, 0.62, 0.6);
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
	await page.mouse.move(to.x, to.y, { steps: 5 });
	await page.mouse.up();
	await expect.poll(() => measure(page, 'live-measures', 'areaHa')).toBeGreaterThan(haBefore + 0.1);
	await page.getByRole('button', { name: /Deshacer/ }).click();
	await expect.poll(() => measure(page, 'live-measures', 'areaHa')).toBeCloseTo(haBefore, 2);
	// redo and save the larger polygon
	await page.getByRole('button', { name: /Rehacer/ }).click();
	const haEdited = await measure(page, 'live-measures', 'areaHa');
	expect(haEdited).toBeGreaterThan(haBefore + 0.1);
	await page.getByTestId('work-save').click();
	await expect(page.getByTestId('work-detail')).toBeVisible();
	const haStored = await measure(page, 'work-measures', 'areaHa');
	expect(haStored).toBeCloseTo(haEdited, 2);

	// the table total (filtered to this work) and the summary agree with the unit measures
	await page.getByTestId('table-toggle').click();
	await page.getByTestId('works-table').locator('input[type=search]').fill(NAME);
	const total = parseNum(
		await page.getByTestId('works-table').getByTestId('totals').locator('td[data-col=areaHa]').innerText()
	);
	expect(total).toBeCloseTo(haStored, 2);
	// all works: the table's total equals the summary's total (both are sums of the stored unit measures)
	await page.getByTestId('works-table').locator('input[type=search]').fill('');
	const allTotal = parseNum(
		await page.getByTestId('works-table').getByTestId('totals').locator('td[data-col=areaHa]').innerText()
	);
	await page.getByTestId('tab-summary').click();
	const summaryCell = page
		.getByTestId('works-summary')
		.locator('table[data-by=type] tfoot td[data-total=areaHa]');
	await expect(summaryCell).toBeVisible();
	expect(parseNum(await summaryCell.innerText())).toBeCloseTo(allTotal, 1);
	await page.screenshot({ path: 'test-results/works-summary.png' });
});

test('bad input: a self-intersecting polygon cannot be saved and says why', async ({ page }) => {
	await login(page, 'comite1', 'e2e-comite-clave-1');
	await page.goto('/?e2e=obras#map=14.6/-13.41/-72.04');
	await waitForMap(page);
	await page.getByTestId('tab-works').click();
	await page.getByTestId('work-type').selectOption('pastos_naturales');
	await page.getByTestId('work-draw').click();
	// a bow-tie
	for (const [fx, fy] of [
		[0.3, 0.3],
		[0.5, 0.5],
		[0.5, 0.3],
		[0.3, 0.5]
	]) {
		const p = await mapPoint(page, fx!, fy!);
		await page.mouse.click(p.x, p.y);
		await page.waitForTimeout(120);
	}
	const p0 = await mapPoint(page, 0.3, 0.3);
	await page.mouse.click(p0.x, p0.y);
	await page.waitForTimeout(300);
	// terra-draw refuses to close a self-intersecting ring, or our validation names the reason
	const err = page.getByTestId('geom-error');
	const save = page.getByTestId('work-save');
	if (await err.isVisible()) await expect(err).toContainText(/cruza|intersec/i);
	await expect(save).toBeDisabled();
	await page.getByTestId('work-cancel').click();
});

test('the public sees works read-only: no drawing tools', async ({ page }) => {
	await page.goto('/');
	await waitForMap(page);
	await page.getByTestId('tab-works').click();
	await expect(page.getByTestId('work-draw')).toHaveCount(0);
	await expect(page.getByTestId('works-editor')).toContainText('Ingrese con una cuenta del Comité');
});
