/**
 * Issue 7, the whole loop in two browser contexts (Comité and SEDACUSCO revisor) plus an anonymous one:
 * submit → observe with a comment pinned on the map → answer, photo with EXIF GPS, fix → approve; the public
 * page shows the work only after approval; the ficha técnica prints to one A4 page.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test, waitForMap, login } from './support/fixtures';

const COMITE = { username: 'comite1', password: 'e2e-comite-clave-1' };
const REVISOR = { username: 'revisor1', password: 'e2e-revisor-clave-1' };

async function context(
	browser: Browser,
	baseURL: string
): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
	const ctx = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	return { ctx, page, errors };
}

/** A JPEG APP1 segment with GPS tags only (little-endian TIFF), spliced after SOI. */
function withGps(jpeg: Buffer, lat: number, lon: number): Buffer {
	const t = Buffer.alloc(128);
	t.write('II', 0, 'latin1');
	t.writeUInt16LE(42, 2);
	t.writeUInt32LE(8, 4);
	t.writeUInt16LE(1, 8);
	t.writeUInt16LE(0x8825, 10);
	t.writeUInt16LE(4, 12);
	t.writeUInt32LE(1, 14);
	t.writeUInt32LE(26, 18);
	t.writeUInt16LE(4, 26);
	const e = (i: number, tag: number, type: number, count: number, value: number | string) => {
		const o = 28 + i * 12;
		t.writeUInt16LE(tag, o);
		t.writeUInt16LE(type, o + 2);
		t.writeUInt32LE(count, o + 4);
		if (typeof value === 'string') t.write(value, o + 8, 'latin1');
		else t.writeUInt32LE(value, o + 8);
	};
	e(0, 1, 2, 2, lat < 0 ? 'S' : 'N');
	e(1, 2, 5, 3, 80);
	e(2, 3, 2, 2, lon < 0 ? 'W' : 'E');
	e(3, 4, 5, 3, 104);
	const dms = (off: number, v: number) => {
		const a = Math.abs(v);
		const d = Math.floor(a);
		const m = Math.floor((a - d) * 60);
		const s = ((a - d) * 60 - m) * 60;
		[d, 1, m, 1, Math.round(s * 10000), 10000].forEach((x, i) => t.writeUInt32LE(x, off + i * 4));
	};
	dms(80, lat);
	dms(104, lon);
	const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]);
	const head = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255]);
	return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)]);
}

async function act(page: Page, action: string, reason: string, expected: string) {
	await page.click(`button[data-action="${action}"]`);
	await page.fill('[data-testid=review-reason]', reason);
	await page.click('[data-testid=review-confirm]');
	await expect(page.getByTestId('review-state')).toHaveText(expected);
}

test('review loop: submit → observe (pinned) → fix → approve; public only after approval', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const name = `Obra e2e ${Date.now()}`;
	// Comité (the fixture's page): create a planned work, then record it as executed with a larger area
	await login(page, COMITE.username, COMITE.password);
	const origin = new URL(baseURL!).origin;
	const sq = (x: number, d: number) => ({
		type: 'Polygon',
		coordinates: [
			[
				[x, -13.41],
				[x + d, -13.41],
				[x + d, -13.41 + d],
				[x, -13.41 + d],
				[x, -13.41]
			]
		]
	});
	const created = await page.request.post('/api/collections/intervenciones/features', {
		headers: { origin },
		data: {
			geometry: sq(-72.06, 0.002),
			properties: { type: 'forestacion', state: 'planificada', name, community: 'Taucca' }
		}
	});
	expect(created.status()).toBe(201);
	const f = await created.json();
	const upd = await page.request.put(`/api/collections/intervenciones/features/${f.id}`, {
		headers: { origin },
		data: {
			geometry: sq(-72.0597, 0.0024),
			properties: { ...f.properties, state: 'ejecutada' },
			version: f.version
		}
	});
	expect(upd.status()).toBe(200);

	await page.goto(`/obras/${f.id}`);
	await waitForMap(page);
	await expect(page.getByTestId('review-state')).toHaveText('Borrador');
	await act(page, 'submit', 'Obra concluida según expediente', 'Enviado a revisión');

	// anonymous: not public yet
	const anon = await context(browser, baseURL!);
	await anon.page.goto('/transparencia');
	await expect(anon.page.getByTestId('transparency')).toBeVisible();
	await expect(anon.page.locator(`[data-work-id="${f.id}"]`)).toHaveCount(0);

	// revisor: queue → workspace, pin a comment on the map, observe
	const rev = await context(browser, baseURL!);
	await login(rev.page, REVISOR.username, REVISOR.password);
	await rev.page.goto('/revision');
	await rev.page.getByTestId('queue-pending').getByRole('link', { name }).click();
	await rev.page.waitForURL(`**/revision/${f.id}`);
	await waitForMap(rev.page);
	await expect(rev.page.getByTestId('diff-ha')).toContainText('+');
	await rev.page.getByTestId('pin-toggle').click();
	await rev.page.locator('[data-testid=review-map] canvas').click({ position: { x: 300, y: 250 } });
	await expect(rev.page.getByTestId('pending-point')).toBeVisible();
	await rev.page.fill('[data-testid=comment-text]', 'Aquí faltan plantones');
	await rev.page.getByTestId('comment-submit').click();
	await expect(rev.page.getByTestId('thread')).toContainText('Aquí faltan plantones');
	await expect(rev.page.getByTestId('pin-badge')).toHaveCount(1);
	await expect(rev.page.locator('button[data-action="approve"]')).toBeVisible();
	await act(rev.page, 'observe', 'Faltan plantones en la esquina marcada', 'Observado');

	// Comité: sees the observation, answers, attaches a photo with GPS, marks it fixed
	await page.reload();
	await expect(page.getByTestId('thread')).toContainText('Aquí faltan plantones');
	await expect(page.locator('button[data-action="approve"]')).toHaveCount(0);
	await page.fill('[data-testid=comment-text]', 'Replantado el 20/11');
	await page.getByTestId('comment-submit').click();
	await expect(page.getByTestId('thread')).toContainText('Replantado el 20/11');
	const jpeg = await page.evaluate(async () => {
		const c = document.createElement('canvas');
		c.width = 64;
		c.height = 48;
		const g = c.getContext('2d')!;
		g.fillStyle = '#2e9e4f';
		g.fillRect(0, 0, 64, 48);
		const b = await new Promise<Blob>((r) => c.toBlob((x) => r(x!), 'image/jpeg', 0.9));
		return Array.from(new Uint8Array(await b.arrayBuffer()));
	});
	await page.getByTestId('evidence-file').setInputFiles({
		name: 'plantones.jpg',
		mimeType: 'image/jpeg',
		buffer: withGps(Buffer.from(jpeg), -13.4088, -72.0589)
	});
	await page.getByTestId('evidence-upload').getByRole('button', { name: 'Subir foto' }).click();
	await expect(page.getByTestId('evidence-list')).toContainText('GPS: -13.40880, -72.05890');
	await act(page, 'fix', 'Replantado y fotografiado', 'Subsanado');

	// still not public
	await anon.page.reload();
	await expect(anon.page.locator(`[data-work-id="${f.id}"]`)).toHaveCount(0);

	// revisor approves
	await rev.page.reload();
	await act(rev.page, 'approve', 'Conforme con lo ejecutado', 'Aprobado');

	// public now, with the photo but without its GPS position or any user name
	await anon.page.reload();
	const card = anon.page.locator(`[data-work-id="${f.id}"]`);
	await expect(card).toBeVisible();
	await expect(card.locator('img')).toHaveCount(1);
	const body = await anon.page.locator('body').innerText();
	expect(body).not.toContain('comite1');
	expect(body).not.toContain('revisor1');
	const api = await (await anon.page.request.get('/api/transparency')).json();
	const w = api.works.features.find((x: { id: number }) => x.id === f.id);
	expect(w.properties.evidence[0].point).toBeNull();

	// the ficha técnica prints to one A4 page
	await page.goto(`/obras/${f.id}/ficha`);
	await expect(page.getByTestId('ficha')).toContainText('Aprobado');
	await expect(page.getByTestId('ficha')).toContainText("Ruwasqa llamk'aypa");
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);

	expect(rev.errors, 'revisor console errors').toEqual([]);
	expect(anon.errors, 'anonymous console errors').toEqual([]);
	await rev.ctx.close();
	await anon.ctx.close();
});
