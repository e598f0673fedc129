/** Client calls of the assembly mode (issue 9): /api/stories and /api/sessions. Errors carry `{status, code, message}`. */
import type { Story, StoryContent } from './story';
import type { AssemblySession, Proposal, ProposalKind } from './proposals';

export interface ClientError {
	status: number;
	code: string;
	message: string;
	current?: unknown;
	issues?: { path: string; message: string }[];
}

export function isClientError(e: unknown): e is ClientError {
	return typeof e === 'object' && e !== null && 'code' in e && 'status' in e;
}

async function call<T>(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {}
): Promise<T> {
	let res: Response;
	try {
		res = await fetch(url, {
			method,
			headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
			body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body)
		});
	} catch {
		throw {
			status: 0,
			code: 'NETWORK_ERROR',
			message: 'Sin conexión con el servidor de yaku.'
		} satisfies ClientError;
	}
	const data = await res.json().catch(() => ({}));
	if (!res.ok)
		throw {
			status: res.status,
			code: data.code ?? `HTTP_${res.status}`,
			message: data.message ?? res.statusText,
			current: data.current,
			issues: data.issues
		} satisfies ClientError;
	return data as T;
}

export interface StorySummary {
	id: number;
	title: { es: string; qu?: string };
	stepCount: number;
	version: number;
	updatedAt: string;
}

export const storiesApi = {
	list: () => call<{ stories: StorySummary[] }>('GET', '/api/stories').then((r) => r.stories),
	get: (id: number) => call<Story>('GET', `/api/stories/${id}`),
	create: (c: StoryContent) => call<Story>('POST', '/api/stories', c),
	update: (id: number, version: number, c: StoryContent) =>
		call<Story>('PUT', `/api/stories/${id}`, { ...c, version }),
	remove: (id: number, version: number) => call<unknown>('DELETE', `/api/stories/${id}?version=${version}`),
	duplicate: (id: number) => call<Story>('POST', `/api/stories/${id}/duplicate`),
	importFile: (file: unknown) => call<Story>('POST', '/api/stories/import', file)
};

export interface ProposalList {
	session: AssemblySession;
	proposals: Proposal[];
	photos: { id: number; mime: string; size: number }[];
}

export const sessionsApi = {
	list: () => call<{ sessions: AssemblySession[] }>('GET', '/api/sessions').then((r) => r.sessions),
	create: (f: {
		title: string;
		date: string;
		place: string;
		community?: string;
		participants?: number | null;
	}) => call<AssemblySession>('POST', '/api/sessions', f),
	patch: (id: number, version: number, f: Partial<AssemblySession>) =>
		call<AssemblySession>('PATCH', `/api/sessions/${id}`, { ...f, version }),
	proposals: (id: number) => call<ProposalList>('GET', `/api/sessions/${id}/proposals`),
	propose: (
		id: number,
		p: {
			kind: ProposalKind;
			geometry: GeoJSON.Geometry;
			community?: string;
			group?: string;
			comment?: string;
			photoId?: number | null;
		}
	) => call<{ proposal: Proposal }>('POST', `/api/sessions/${id}/proposals`, p).then((r) => r.proposal),
	vote: (id: number, p: Pick<Proposal, 'layer' | 'id'>, delta: 1 | -1) =>
		call<{ proposal: Proposal }>('POST', `/api/sessions/${id}/votes`, {
			layer: p.layer,
			id: p.id,
			delta
		}).then((r) => r.proposal),
	promote: (id: number, p: Pick<Proposal, 'layer' | 'id'>, type?: string) =>
		call<{ proposal: Proposal }>('POST', `/api/sessions/${id}/promote`, {
			layer: p.layer,
			id: p.id,
			...(type ? { type } : {})
		}).then((r) => r.proposal),
	uploadPhoto: (id: number, blob: Blob) =>
		call<{ photo: { id: number } }>('POST', `/api/sessions/${id}/photos`, blob, {
			'content-type': blob.type
		}).then((r) => r.photo)
};

/**
 * A phone photo of the paper map is several MB: shrink it in the browser (longest side ≤ 1600 px, JPEG)
 * until it fits the server's limit. PNG/JPEG only.
 */
export async function shrinkPhoto(file: File, maxBytes: number): Promise<Blob> {
	if (file.type !== 'image/jpeg' && file.type !== 'image/png')
		throw { status: 0, code: 'PHOTO_TYPE', message: 'La foto debe ser JPEG o PNG.' } satisfies ClientError;
	if (file.size <= maxBytes) return file;
	const bmp = await createImageBitmap(file);
	for (const [side, q] of [
		[1600, 0.82],
		[1280, 0.75],
		[1024, 0.7],
		[800, 0.65]
	] as const) {
		const k = Math.min(1, side / Math.max(bmp.width, bmp.height));
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(bmp.width * k);
		canvas.height = Math.round(bmp.height * k);
		canvas.getContext('2d')!.drawImage(bmp, 0, 0, canvas.width, canvas.height);
		const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', q));
		if (blob && blob.size <= maxBytes) return blob;
	}
	throw {
		status: 0,
		code: 'PHOTO_TOO_LARGE',
		message: 'No se pudo reducir la foto lo suficiente.'
	} satisfies ClientError;
}
