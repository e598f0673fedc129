import { test, expect, waitForMap, rendered } from './support/fixtures';

const BAD = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173) + 1}`;

test('a corrupt or missing geodata file: the app starts, the layer says why, the rest works', async ({
	page
}) => {
	test.skip(!!process.env.E2E_BASE_URL, 'needs the second test server');
	await page.goto(BAD + '/');
	await waitForMap(page);
	const laguna = page.locator('.layers li[data-layer=laguna]');
	await expect(laguna.locator('.unavailable')).toBeVisible();
	await expect(laguna.locator('input[type=checkbox]')).toBeDisabled();
	await expect(page.locator('.layers li[data-layer=quebradas] .unavailable')).toBeVisible();
	// the legend leaves them out; the other layers render
	await expect(page.locator('[data-testid=legend] li[data-layer=laguna]')).toHaveCount(0);
	expect(await rendered(page, 'microcuenca')).toBeGreaterThan(0);
	expect(await rendered(page, 'zee')).toBeGreaterThan(0);
	await page.screenshot({ path: 'test-results/bad-geodata.png' });
});
