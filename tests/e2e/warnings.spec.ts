/**
 * Decision 112 in the browser: saving a work that overlaps a same-type neighbour makes the server rewrite the
 * neighbour's warnings (new version) and list it in `x-warnings-refreshed`; the works state re-reads it, so
 * the first work shows the overlap warning without a reload and editing it afterwards saves without a 409.
 */
import { test, expect, waitForMap, type Page, login } from './support/fixtures';

async function mapPoint(page: Page, fx: number, fy: number) {
	const box = (await page.getByTestId('map').boundingBox())!;
	return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

/** Draws a closed square between two corners given as fractions of the map box, then names and saves it. */
async function drawAndSave(page: Page, x0: number, y0: number, x1: number, y1: number, name: string) {
	await page.getByTestId('work-type').selectOption('forestacion');
	await page.getByTestId('work-draw').click();
	for (const [fx, fy] of [
		[x0, y0],
		[x1, y0],
		[x1, y1],
		[x0, y1],
		[x0, y0]
	] as const) {
		const p = await mapPoint(page, fx, fy);
		await page.mouse.click(p.x, p.y);
		await page.waitForTimeout(120);
	}
	await expect(page.getByTestId('live-measures').locator('tr[data-q=areaHa]')).toBeVisible();
	await page.locator('input[name=name]').fill(name);
	const saved = page.waitForResponse(
		(r) => r.url().includes('/api/collections/intervenciones/features') && r.request().method() === 'POST'
	);
	await page.getByTestId('work-save').click();
	const res = await saved;
	expect(res.status()).toBe(201);
	await expect(page.getByTestId('work-detail')).toContainText(name);
	return { id: String((await res.json()).id), refreshed: res.headers()['x-warnings-refreshed'] ?? '' };
}

/** The works state's copy of one work (what the panel shows and the next edit sends). */
function local(page: Page, id: string) {
	return page.evaluate((wid) => {
		const w = (window as any).__yaku.works.items.find((x: any) => String(x.id) === wid);
		return w ? { version: w.version as number, warnings: (w.properties.warnings ?? []) as any[] } : null;
	}, id);
}

test('a saved overlapping neighbour refreshes the first work without reload; editing it then saves (no 409)', async ({
	page
}) => {
	const RUN = Date.now().toString(36);
	const A = `Bosque avisos A ${RUN}`;
	const B = `Bosque avisos B ${RUN}`;
	// a spot of its own, away from the other specs' works (their ids would not matter, but keep it clean)
	const lat = (-13.416 - Math.random() * 0.008).toFixed(5);
	const lon = (-72.049 + Math.random() * 0.008).toFixed(5);
	await login(page, 'comite1', 'e2e-comite-clave-1');
	// (a query makes it a full load: the login lands on "/", and a hash-only change may keep the old view)
	await page.goto(`/?e2e=avisos#map=17/${lat}/${lon}&layers=intervenciones,microcuenca`);
	await waitForMap(page);
	await expect
		.poll(() => page.evaluate(() => Math.round((window as any).__yaku.ctrl.map.getZoom())))
		.toBe(17);
	await page.getByTestId('tab-works').click();

	const a = await drawAndSave(page, 0.25, 0.25, 0.45, 0.45, A);
	const before = (await local(page, a.id))!;

	// B overlaps A's lower-right quarter: the server rewrites A's warnings and says so in the header
	const b = await drawAndSave(page, 0.35, 0.35, 0.55, 0.55, B);
	expect(b.refreshed.split(',')).toContain(a.id);
	const overlapOf = (ws: any[]) =>
		ws.find((w) => w.code === 'OVERLAP_SAME_TYPE' && (w.ids ?? []).map(String).includes(b.id));
	await expect.poll(async () => !!overlapOf((await local(page, a.id))?.warnings ?? [])).toBe(true);
	const after = (await local(page, a.id))!;
	expect(after.version).toBeGreaterThan(before.version);

	// select A in the works table: the panel shows the new warning, no reload
	await page.getByTestId('table-toggle').click();
	await page.getByTestId('works-table').locator('input[type=search]').fill(A);
	const row = page.getByTestId('works-table').locator('tbody tr', { hasText: A });
	await expect(row).toHaveCount(1);
	await row.click();
	await page.getByTestId('table-toggle').click(); // close the table: the map is free for editing
	await page.getByTestId('tab-works').click();
	const detail = page.getByTestId('work-detail');
	await expect(detail).toContainText(A);
	await expect(detail.locator('.warn[role=note]', { hasText: /superpone/i })).toHaveCount(1);

	// edit A: the state holds the refreshed version, so the save is accepted (no VERSION_CONFLICT dialog)
	await page.getByTestId('work-edit').click();
	await expect(page.getByTestId('live-measures')).toBeVisible();
	await page.locator('input[name=name]').fill(`${A} editada`);
	const put = page.waitForResponse(
		(r) =>
			r.url().includes(`/api/collections/intervenciones/features/${a.id}`) && r.request().method() === 'PUT'
	);
	await page.getByTestId('work-save').click();
	expect((await put).status()).toBe(200);
	await expect(page.getByTestId('conflict')).toHaveCount(0);
	await expect(page.getByTestId('work-detail')).toContainText(`${A} editada`);
	await page.screenshot({ path: 'test-results/warnings-refreshed.png' });
});

test('saving the ZEE table re-reads the works whose warnings changed and says how many; ZEE summary has net ha', async ({
	page
}) => {
	const W = `Bosque ZEE ${Date.now().toString(36)}`;
	const lat = (-13.416 - Math.random() * 0.008).toFixed(5);
	const lon = (-72.049 + Math.random() * 0.008).toFixed(5);
	await login(page, 'comite1', 'e2e-comite-clave-1');
	await page.goto(`/?e2e=zee#map=17/${lat}/${lon}&layers=intervenciones,microcuenca`);
	await waitForMap(page);
	await expect
		.poll(() => page.evaluate(() => Math.round((window as any).__yaku.ctrl.map.getZoom())))
		.toBe(17);
	await page.getByTestId('tab-works').click();
	const w = await drawAndSave(page, 0.3, 0.3, 0.45, 0.45, W);
	const zeeCodes = async () =>
		((await local(page, w.id))?.warnings ?? [])
			.map((x) => x.code)
			.filter((c: string) => c.startsWith('ZEE_'))
			.join(',');
	const codesBefore = await zeeCodes();

	await page.getByTestId('tab-summary').click();
	const zee = page.getByTestId('works-summary').locator('table[data-by=zee]');
	await expect(zee.locator('thead')).toContainText('ha sin superposición');
	await expect(zee.locator('td[data-col=netAreaHa]').first()).toBeVisible();
	await expect(page.getByTestId('zee-net-help')).toContainText('cada hectárea cuenta una vez');

	// every zone incompatible with forestation → this work gets a ZEE warning, without a reload
	const compat = page.getByTestId('zee-compat');
	const selects = compat.locator('select[aria-label$="× Forestación / reforestación"]');
	await expect(selects.first()).toBeVisible();
	const n = await selects.count();
	const original: string[] = [];
	for (let i = 0; i < n; i++) original.push(await selects.nth(i).inputValue());
	try {
		for (let i = 0; i < n; i++) await selects.nth(i).selectOption('incompatible');
		await compat.getByRole('button').click();
		await expect(page.getByTestId('zee-compat-saved')).toContainText(/\d+ obras? con avisos actualizados/);
		await expect.poll(zeeCodes).toContain('ZEE_INCOMPATIBLE');
		await page.screenshot({ path: 'test-results/warnings-zee.png' });
	} finally {
		// back to the table as it was (the other specs share this database)
		for (let i = 0; i < n; i++) await selects.nth(i).selectOption(original[i]!);
		await compat.getByRole('button').click();
		await expect(page.getByTestId('zee-compat-saved')).toContainText(/avisos/);
	}
	await expect.poll(zeeCodes).toBe(codesBefore);
});
