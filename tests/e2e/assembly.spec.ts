/**
 * Issue 9 — assembly mode on a projector, at 1024×768 and 1920×1080: keyboard-only story navigation, a proposal
 * drawn + voted + in the acta (one-page PDF), axe (no serious/critical), minimum font size 24 px, screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { test, expect, waitForMap, type Page, login } from './support/fixtures';

const SIZES = [
	{ width: 1024, height: 768 },
	{ width: 1920, height: 1080 }
] as const;
const SHOTS = 'test-results/assembly';
mkdirSync(SHOTS, { recursive: true });

async function api(page: Page, method: string, path: string, data?: unknown) {
	const origin = new URL(page.url()).origin;
	const r = await page.request.fetch(path, { method, data, headers: { origin } });
	expect(r.status(), `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
	return r.json();
}

async function openAssembly(page: Page) {
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.goto('/asamblea');
	await waitForMap(page);
}

/** Every visible element with its own text in assembly mode: computed font size (px). */
async function smallTexts(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const root = document.querySelector('[data-testid=assembly]')!;
		const bad: string[] = [];
		const all = [root, ...root.querySelectorAll('*')] as HTMLElement[];
		for (const el of all) {
			const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
			const control = ['BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'OPTION', 'SUMMARY'].includes(el.tagName);
			if (!own && !control) continue;
			if (el.closest('.sr-only') || el.tagName === 'OPTION') continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			const cs = getComputedStyle(el);
			if (cs.visibility === 'hidden') continue;
			const px = parseFloat(cs.fontSize);
			if (px < 24)
				bad.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${px}px`);
		}
		return bad;
	});
}

for (const size of SIZES) {
	const tag = `${size.width}x${size.height}`;

	test.describe(`assembly mode ${tag}`, () => {
		test.use({ viewport: size });

		test(`keyboard-only story navigation; axe and minimum font size 24 px (${tag})`, async ({ page }) => {
			await login(page, 'comite1', 'e2e-comite-clave-1');
			const title = `Historia teclado ${tag} ${Date.now()}`;
			const cam = (zoom: number, pitch = 0) => ({ lng: -72.03, lat: -13.42, zoom, bearing: 0, pitch });
			const s = await api(page, 'POST', '/api/stories', {
				title: { es: title, qu: 'Piuray yaku' },
				steps: [
					{
						id: 'uno',
						title: { es: 'Uno: la microcuenca' },
						text: { es: 'El agua de Cusco.' },
						camera: cam(12),
						layers: ['microcuenca', 'laguna']
					},
					{ id: 'dos', title: { es: 'Dos: manantes' }, camera: cam(13), layers: ['manantes'] },
					{ id: 'tres', title: { es: 'Tres: la laguna' }, camera: cam(14), layers: ['laguna', 'quebradas'] }
				]
			});
			await openAssembly(page);
			const check = async (what: string) => {
				const r = await new AxeBuilder({ page }).include('[data-testid=assembly]').analyze();
				const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				expect(
					bad.map((v) => `${what}: ${v.id} ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
					'axe serious/critical'
				).toEqual([]);
				expect(await smallTexts(page), `${what}: text under 24 px`).toEqual([]);
			};
			await check('inicio');
			const sizes = await page.evaluate(
				() => (window as any).__yakuAssembly.labelSizes() as { id: string; size: unknown }[]
			);
			expect(sizes.length).toBeGreaterThan(0);
			for (const x of sizes)
				expect(typeof x.size === 'number' && x.size >= 24, `${x.id} ${x.size}`).toBe(true);
			await page.screenshot({ path: `${SHOTS}/assembly-light-${tag}.png` });
			await page.locator('body').focus();
			// Tab to "Historias", Enter; Tab to "Presentar" of our story, Enter — no mouse
			const tabTo = async (testid: string) => {
				for (let i = 0; i < 60; i++) {
					await page.keyboard.press('Tab');
					if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testid)
						return;
				}
				throw new Error(`no llegué a ${testid} con Tab`);
			};
			await tabTo('open-stories');
			await page.keyboard.press('Enter');
			await tabTo(`present-${s.id}`);
			await page.keyboard.press('Enter');
			const counter = page.getByTestId('step-counter');
			const title1 = page.getByTestId('step-title');
			await expect(counter).toHaveText('Paso 1 de 3');
			await expect(title1).toHaveText('Uno: la microcuenca');
			const zoom = () => page.evaluate(() => (window as any).__yakuAssembly.ctrl.view().zoom as number);
			expect(await zoom()).toBeCloseTo(12, 1);
			await page.keyboard.press('ArrowRight');
			await expect(counter).toHaveText('Paso 2 de 3');
			expect(await zoom()).toBeCloseTo(13, 1);
			await page.keyboard.press('PageDown');
			await expect(counter).toHaveText('Paso 3 de 3');
			await expect(title1).toHaveText('Tres: la laguna');
			await page.keyboard.press('Space');
			await expect(counter).toHaveText('Paso 3 de 3'); // stays on the last step
			await page.keyboard.press('PageUp');
			await expect(counter).toHaveText('Paso 2 de 3');
			await page.keyboard.press('Home');
			await expect(counter).toHaveText('Paso 1 de 3');
			await page.keyboard.press('Space');
			await expect(counter).toHaveText('Paso 2 de 3');
			// the step's layers are the visible ones
			const visible = await page.evaluate(() => {
				const m = (window as any).__yakuAssembly.ctrl.map;
				return m.getLayoutProperty('lyr-laguna-fill', 'visibility');
			});
			expect(visible).toBe('none');
			await page.keyboard.press('End');
			await expect(counter).toHaveText('Paso 3 de 3');
			await page.keyboard.press('ArrowLeft');
			await expect(counter).toHaveText('Paso 2 de 3');
			await check('presentación');
			await page.screenshot({ path: `${SHOTS}/assembly-story-${tag}.png` });

			// panels: stories + editor, proposals in the dark theme
			await page.getByTestId('open-stories').click();
			await page.getByTestId('story-new').click();
			await page.getByTestId('add-step').click();
			await check('editor de historias');
			await page.getByTestId('open-proposals').click();
			await page.getByTestId('theme').click();
			await expect(page.getByTestId('assembly')).toHaveAttribute('data-theme', 'dark');
			await check('propuestas, tema oscuro');
			await page.getByTestId('open-proposals').click(); // close the panel
			await page.mouse.move(size.width / 2, size.height / 2);
			await page.screenshot({ path: `${SHOTS}/assembly-dark-${tag}.png` });
			await page.getByTestId('theme').click();
		});

		test(`a proposal drawn and voted on is saved and appears in the acta (${tag})`, async ({ page }) => {
			await login(page, 'comite1', 'e2e-comite-clave-1');
			await openAssembly(page);
			const place = `Local comunal ${tag} ${Date.now()}`;
			await page.getByTestId('open-proposals').click();
			await page.getByRole('button', { name: /Nueva sesión/ }).click();
			const form = page.getByTestId('session-form');
			await form.locator('input[name=title]').fill('Asamblea de prueba');
			await form.locator('input[name=place]').fill(place);
			await form.locator('input[name=participants]').fill('37');
			await form.locator('button[type=submit]').click();
			await expect(page.getByTestId('proposal-panel')).toContainText(place);

			await page.getByTestId('kind-zanja_infiltracion').click();
			const box = (await page.getByTestId('map').boundingBox())!;
			const legend = (await page.getByTestId('assembly-legend').boundingBox())!;
			const panel = (await page.getByTestId('panel-proposals').boundingBox())!;
			const x0 = legend.x + legend.width + 20;
			const x1 = panel.x - 20;
			const y = box.y + box.height * 0.55;
			await page.mouse.click(x0, y);
			await page.waitForTimeout(150);
			await page.mouse.click(x1, y - 30);
			await page.waitForTimeout(150);
			await page.mouse.click(x1, y - 30); // clicking the last point again finishes the line
			const comment = `Zanjas en la ladera ${Date.now()}`;
			await page.getByTestId('proposal-group').fill('Grupo de jóvenes');
			await page.getByTestId('proposal-comment').fill(comment);
			await page.getByTestId('proposal-save').click();
			const item = page.getByTestId('proposal-list').locator('li', { hasText: comment });
			await expect(item).toBeVisible();
			await item.getByTestId('vote-up').click();
			await expect(item.getByTestId('votes')).toHaveText('1 voto');
			await item.getByTestId('vote-up').click();
			await item.getByTestId('vote-up').click();
			await expect(item.getByTestId('votes')).toHaveText('3 votos');
			await item.getByTestId('vote-down').click();
			await expect(item.getByTestId('votes')).toHaveText('2 votos');
			await page.screenshot({ path: `${SHOTS}/assembly-proposals-${tag}.png` });

			await page.getByTestId('acta-link').click();
			await page.waitForURL(/\/asamblea\/sesiones\/\d+\/acta$/);
			await waitForMap(page);
			await expect(page.getByTestId('acta-map')).toBeVisible();
			await expect(page.getByTestId('acta-participants')).toHaveText('37');
			const row = page.getByTestId('acta-row').filter({ hasText: comment });
			await expect(row).toContainText('Zanjas nuevas');
			await expect(row).toContainText('Grupo de jóvenes');
			await expect(row.getByTestId('acta-votes')).toHaveText('2');
			await page.screenshot({ path: `${SHOTS}/assembly-acta-${tag}.png`, fullPage: true });
			const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
			const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
			expect(pages).toBe(1);
			const csv = await page.request.get(
				new URL((await page.getByTestId('acta-csv').getAttribute('href'))!, page.url()).href
			);
			expect(await csv.text()).toContain(comment);
		});
	});
}

test('bad story file on import → clear Spanish error, nothing created', async ({ page }) => {
	await login(page, 'comite1', 'e2e-comite-clave-1');
	await openAssembly(page);
	await page.getByTestId('open-stories').click();
	const before = await page.request.get('/api/stories').then((r) => r.json());
	await page.getByTestId('story-import').setInputFiles({
		name: 'malo.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({ format: 'yaku-story', formatVersion: 1, story: { title: {}, steps: 'x' } })
		)
	});
	await expect(page.getByTestId('story-error')).toContainText('STORY_FILE_INVALID');
	await expect(page.getByTestId('story-error')).toContainText('no es una historia válida');
	await page
		.getByTestId('story-import')
		.setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{no') });
	await expect(page.getByTestId('story-error')).toContainText('no es JSON válido');
	const after = await page.request.get('/api/stories').then((r) => r.json());
	expect(after.stories.length).toBe(before.stories.length);
});
