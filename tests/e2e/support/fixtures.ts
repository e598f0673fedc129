import { test as base, expect, type Page } from '@playwright/test';

/** Every page in every test: no request may leave the machine and no console error may appear. */
export const test = base.extend<{ guard: { external: string[]; errors: string[] } }>({
	guard: [
		async ({ page }, use, testInfo) => {
			const external: string[] = [];
			const errors: string[] = [];
			page.on('request', (r) => {
				const u = new URL(r.url());
				if (/^(https?|wss?):$/.test(u.protocol) && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
					external.push(r.url());
			});
			page.on('console', (m) => {
				if (m.type() === 'error') errors.push(m.text());
			});
			page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
			await use({ external, errors });
			expect(external, 'requests to non-local hosts').toEqual([]);
			// a test may allow a known message (e.g. the browser's own "404" line on the not-found page)
			const allowed = testInfo.annotations
				.filter((a) => a.type === 'allow-console')
				.map((a) => a.description ?? '');
			expect(
				errors.filter((e) => !allowed.some((a) => e.includes(a))),
				'console errors'
			).toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
export type { Page };

/** Waits until the page is hydrated (its event handlers attached; set by the root layout). */
export async function waitHydrated(page: Page): Promise<void> {
	await page.locator('html[data-hydrated=true]').waitFor({ state: 'attached' });
}

/** Signs in through the login form and waits until it has left /login. */
export async function login(page: Page, user: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.locator('#username').fill(user);
	await page.locator('#password').fill(password);
	await page.locator('button[type=submit]').click();
	await page.waitForURL((u: URL) => !u.pathname.startsWith('/login'));
}

export async function waitForMap(page: Page): Promise<void> {
	await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
}

/** Rendered features of one layer in the current view (through the page's map controller). */
export async function rendered(page: Page, id: string): Promise<number> {
	return page.evaluate((layerId) => {
		const y = (window as unknown as { __yaku: { ctrl: { renderedCount(id: string): number } } }).__yaku;
		return y.ctrl.renderedCount(layerId);
	}, id);
}

export async function waitIdle(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const y = (
					window as unknown as {
						__yaku: {
							ctrl: {
								map: { loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void };
							};
						};
					}
				).__yaku;
				const m = y.ctrl.map;
				m.once('idle', () => resolve());
				m.triggerRepaint();
			})
	);
}
