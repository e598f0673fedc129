/** Issue 7: the public transparency page works without login and shows no personal data or drafts. */
import { expect, test, waitForMap } from './support/fixtures';

test('transparencia: public, map, totals, last update, no drafts', async ({ page }) => {
	await page.goto('/transparencia');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Transparencia');
	await waitForMap(page);
	await expect(page.getByTestId('last-update')).not.toBeEmpty();
	await expect(page.getByTestId('projects-table')).toContainText('Can Can');
	await expect(page.getByTestId('projects-table')).toContainText('ilustrativo');
	const api = await (await page.request.get('/api/transparency')).json();
	expect(api.works.type).toBe('FeatureCollection');
	expect(JSON.stringify(api)).not.toMatch(/createdBy|updatedBy|submittedBy|actorUsername|"notes"/);
	// staff-only pages send an anonymous visitor to the login
	await page.goto('/revision');
	await expect(page).toHaveURL(/\/login\?next=%2Frevision/);
});
