import { DEMS, ensureSyntheticDems } from './support/dems';
import { test, expect, waitForMap, login } from './support/fixtures';

test.beforeAll(() => {
	ensureSyntheticDems();
});

test('an admin loads a DEM once; terrain, contours, streams, watershed and profile work; it is labelled synthetic', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await login(page, 'admin1', 'e2e-admin-clave-1');
	await page.goto('/#map=12.6/-13.41/-72.04');
	await waitForMap(page);
	await page.getByTestId('tab-terrain').click();
	await page
		.getByTestId('dem-file')
		.setInputFiles([`${DEMS}/SYNTHETIC_S14W073.hgt`, `${DEMS}/SYNTHETIC_S14W072.hgt`]);
	await page.getByTestId('dem-upload').click();
	await expect(page.getByTestId('dem-info')).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('dem-synthetic')).toContainText('SINTÉTICO');

	// hillshade from the raster-dem source (served by the yakudem:// protocol, no tile server)
	await expect
		.poll(() => page.evaluate(() => !!(window as any).__yaku.ctrl.map.getLayer('yaku-hillshade')))
		.toBe(true);
	await page.getByTestId('t-contours').check();
	const contourCount = () =>
		page.evaluate(() => {
			const m = (window as any).__yaku.ctrl.map;
			return m.getLayer('yaku-contours-line')
				? m.queryRenderedFeatures({ layers: ['yaku-contours-line'] }).length
				: 0;
		});
	await expect.poll(contourCount, { timeout: 30_000 }).toBeGreaterThan(0);

	// slope classes map with its legend
	await page.getByTestId('t-slope').check();
	await expect(page.getByTestId('slope-legend')).toContainText('Empinado');
	await expect
		.poll(() => page.evaluate(() => !!(window as any).__yaku.ctrl.map.getLayer('yaku-slope-classes')), {
			timeout: 20_000
		})
		.toBe(true);
	await page.getByTestId('t-slope').uncheck();

	// elevation under the cursor
	const box = (await page.getByTestId('map').boundingBox())!;
	await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
	await expect(page.getByTestId('coords').locator('[data-key=elevation]')).toContainText(' m');

	// streams from the DEM, with Strahler orders
	await page.getByTestId('t-streams').click();
	await expect(page.getByTestId('streams-result')).toContainText('orden de Strahler', { timeout: 60_000 });

	// watershed from a clicked outlet
	await page.getByTestId('t-watershed').click();
	await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.6);
	await expect(page.getByTestId('watershed-result')).toContainText('ha', { timeout: 60_000 });

	// elevation profile along a drawn line
	await page.getByTestId('t-profile').click();
	await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.3);
	await page.waitForTimeout(150);
	await page.mouse.dblclick(box.x + box.width * 0.5, box.y + box.height * 0.45);
	await expect(page.getByTestId('profile-chart')).toBeVisible({ timeout: 30_000 });
	await page.screenshot({ path: 'test-results/terrain.png' });

	// 3D terrain (SwiftShader renders it slowly: check the state once, then switch it off)
	await page.getByTestId('t-3d').check();
	const terrainState = await page.evaluate(() =>
		JSON.stringify((window as any).__yaku.ctrl.map.getTerrain())
	);
	expect(terrainState).toContain('yaku-dem');
	await page.getByTestId('t-3d').uncheck();
	await page.close(); // 3D rendering through SwiftShader is CPU-heavy: free it for the next page

	// every user (even anonymous) then gets the terrain, still labelled synthetic
	const anon = await browser.newPage();
	await anon.goto('/');
	await waitForMap(anon);
	await anon.getByTestId('tab-terrain').click();
	await expect(anon.getByTestId('dem-synthetic')).toBeVisible();
	await expect(anon.getByTestId('dem-file')).toHaveCount(0);
	// assembly mode: the tilt button turns the 3D relief on when a DEM exists
	await anon.goto('/asamblea');
	await waitForMap(anon);
	await anon.getByTestId('tilt').click();
	await expect(anon.getByTestId('tilt')).toHaveAttribute('aria-pressed', 'true');
	await expect(anon.getByTestId('tilt')).toHaveAttribute('title', 'Vista inclinada (3D)', {
		timeout: 20_000
	});
	await anon.close();
});
