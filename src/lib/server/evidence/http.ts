/**
 * Evidence photos of a work (issue 7): POST /api/interventions/:id/evidence (multipart: `file`, optional
 * `thumb`, `caption`, `locationPublic`, and `lon`/`lat`/`takenAt` read by the browser with exifr when it
 * re-encoded a large photo), GET the list, GET /api/evidence/:id(/thumb), DELETE /api/evidence/:id.
 * Staff get the original bytes; everyone else gets a metadata-stripped copy, and only of approved works.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { join } from 'node:path';
import { auditContext } from '../audit/context';
import { can, requireCapability } from '../auth/handle';
import { ApiError } from '../http/errors';
import { getRepository } from '../repo';
import { canAttach, evidenceJson, featureIdParam, noStore, workOr404 } from '../review/http';
import type { Evidence } from '../review/types';
import {
	cleanFilename,
	imageSize,
	MAX_IMAGE_SIDE_PX,
	MAX_THUMB_BYTES,
	maxUploadBytes,
	readExif,
	readStored,
	removeStored,
	sha256,
	sniff,
	stripMetadata,
	uploadsDir,
	writeFileDurable,
	type ImageMime
} from './files';

const ext = (mime: ImageMime) => (mime === 'image/png' ? 'png' : 'jpg');
export const evidencePath = (e: Pick<Evidence, 'id' | 'mime'>) =>
	join(uploadsDir('evidence'), `${e.id}.${ext(e.mime)}`);
export const thumbPath = (id: number) => join(uploadsDir('evidence'), `${id}.thumb.jpg`);

async function formOf(event: RequestEvent): Promise<FormData> {
	const ct = event.request.headers.get('content-type') ?? '';
	if (!ct.startsWith('multipart/form-data'))
		throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Se espera multipart/form-data con el archivo.');
	try {
		return await event.request.formData();
	} catch (e) {
		if ((e as { status?: number })?.status === 413)
			throw new ApiError(413, 'BODY_TOO_LARGE', 'El archivo es demasiado grande.');
		throw new ApiError(400, 'INVALID_BODY', 'No se pudo leer el formulario enviado.');
	}
}

function num(v: FormDataEntryValue | null, min: number, max: number): number | null {
	if (typeof v !== 'string' || v.trim() === '') return null;
	const n = Number(v);
	return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

export async function uploadEvidence(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:write', 'feature:publish');
	if (!canAttach(event.locals))
		throw new ApiError(403, 'FORBIDDEN', 'Su rol no permite adjuntar evidencias.');
	const id = featureIdParam(event);
	await workOr404(id);
	const form = await formOf(event);
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0)
		throw new ApiError(400, 'EVIDENCE_FILE_MISSING', 'Falta la foto (campo «file»).');
	const max = maxUploadBytes();
	if (file.size > max)
		throw new ApiError(413, 'EVIDENCE_TOO_LARGE', `La foto pesa más de ${Math.floor(max / 1024)} KB.`, {
			maxBytes: max
		});
	const bytes = new Uint8Array(await file.arrayBuffer());
	const mime = sniff(bytes);
	if (mime !== 'image/jpeg' && mime !== 'image/png')
		throw new ApiError(
			415,
			'EVIDENCE_NOT_IMAGE',
			'La evidencia debe ser una foto JPEG o PNG (se revisa el contenido).'
		);
	const size = imageSize(bytes, mime);
	if (
		!size ||
		size.width < 1 ||
		size.height < 1 ||
		size.width > MAX_IMAGE_SIDE_PX ||
		size.height > MAX_IMAGE_SIDE_PX
	)
		throw new ApiError(
			422,
			'EVIDENCE_BAD_IMAGE',
			'No se pudo leer el tamaño de la imagen, o es demasiado grande.'
		);
	if (!stripMetadata(bytes, mime))
		throw new ApiError(422, 'EVIDENCE_BAD_IMAGE', 'La estructura de la imagen está dañada.');

	let thumb: Uint8Array | null = null;
	const t = form.get('thumb');
	if (t instanceof File && t.size > 0) {
		if (t.size > MAX_THUMB_BYTES)
			throw new ApiError(413, 'EVIDENCE_THUMB_TOO_LARGE', 'La miniatura es demasiado grande.');
		thumb = new Uint8Array(await t.arrayBuffer());
		if (sniff(thumb) !== 'image/jpeg')
			throw new ApiError(415, 'EVIDENCE_NOT_IMAGE', 'La miniatura debe ser JPEG.');
		thumb = stripMetadata(thumb, 'image/jpeg');
	}

	// EXIF of the bytes received first; the browser's reading (before it re-encoded the photo) second.
	const exif = await readExif(bytes);
	let lon = exif.lon;
	let lat = exif.lat;
	let source: Evidence['locationSource'] = lon !== null ? 'exif' : null;
	if (lon === null) {
		const blon = num(form.get('lon'), -180, 180);
		const blat = num(form.get('lat'), -90, 90);
		if (blon !== null && blat !== null) {
			lon = blon;
			lat = blat;
			source = form.get('locationSource') === 'manual' ? 'manual' : 'exif-browser';
		}
	}
	const bt = form.get('takenAt');
	const takenAt =
		exif.takenAt ??
		(typeof bt === 'string' && !Number.isNaN(Date.parse(bt)) ? new Date(bt).toISOString() : null);
	const caption =
		typeof form.get('caption') === 'string' ? String(form.get('caption')).trim().slice(0, 500) : '';
	const e = await getRepository().review.addEvidence(
		{
			featureId: id,
			filename: cleanFilename(file.name, `foto.${ext(mime)}`),
			mime,
			size: bytes.byteLength,
			sha256: sha256(bytes),
			width: size.width,
			height: size.height,
			hasThumb: thumb !== null,
			caption: caption || null,
			lon,
			lat,
			locationSource: source,
			takenAt,
			locationPublic: form.get('locationPublic') === '1' || form.get('locationPublic') === 'true'
		},
		(newId) => {
			writeFileDurable(evidencePath({ id: newId, mime }), bytes);
			if (thumb) writeFileDurable(thumbPath(newId), thumb);
		},
		auditContext(event)
	);
	return noStore(evidenceJson(e, false), 201, { location: `/api/evidence/${e.id}` });
}

export async function listEvidence(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const id = featureIdParam(event);
	await workOr404(id);
	return noStore({
		evidence: (await getRepository().review.listEvidence(id)).map((e) => evidenceJson(e, false))
	});
}

function evidenceIdParam(event: RequestEvent): number {
	const raw = (event.params as Record<string, string>).id ?? '';
	if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ApiError(404, 'EVIDENCE_NOT_FOUND', 'No existe esa evidencia.');
	return Number(raw);
}

/** The evidence row if the caller may see it: staff always; others only for an approved work. */
async function visibleEvidence(event: RequestEvent): Promise<{ e: Evidence; staff: boolean }> {
	const repo = getRepository();
	const e = await repo.review.getEvidence(evidenceIdParam(event));
	const staff = can(event.locals, 'feature:read_all');
	if (!e) throw new ApiError(404, 'EVIDENCE_NOT_FOUND', 'No existe esa evidencia.');
	if (!staff) {
		const r = await repo.review.get(e.featureId);
		if (r?.state !== 'aprobado') throw new ApiError(404, 'EVIDENCE_NOT_FOUND', 'No existe esa evidencia.');
	}
	return { e, staff };
}

function imageResponse(bytes: Uint8Array, mime: string, staff: boolean, filename?: string): Response {
	const headers: Record<string, string> = {
		'content-type': mime,
		'content-length': String(bytes.byteLength),
		'cache-control': staff ? 'private, no-store' : 'public, max-age=300',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'"
	};
	if (filename) headers['content-disposition'] = `inline; filename*=UTF-8''${encodeURIComponent(filename)}`;
	return new Response(Buffer.from(bytes), { headers });
}

export async function getEvidenceFile(event: RequestEvent): Promise<Response> {
	const { e, staff } = await visibleEvidence(event);
	const raw = readStored(evidencePath(e));
	if (!raw)
		throw new ApiError(404, 'EVIDENCE_FILE_MISSING', 'El archivo de la evidencia no está en el servidor.');
	const original = staff && event.url.searchParams.get('public') !== '1';
	const bytes = original ? raw : stripMetadata(raw, e.mime);
	if (!bytes) throw new ApiError(500, 'EVIDENCE_BAD_IMAGE', 'No se pudo preparar la imagen.');
	return imageResponse(bytes, e.mime, staff, original ? e.filename : undefined);
}

export async function getEvidenceThumb(event: RequestEvent): Promise<Response> {
	const { e, staff } = await visibleEvidence(event);
	const t = e.hasThumb ? readStored(thumbPath(e.id)) : null;
	if (t) return imageResponse(t, 'image/jpeg', staff);
	const raw = readStored(evidencePath(e));
	const bytes = raw ? stripMetadata(raw, e.mime) : null;
	if (!bytes)
		throw new ApiError(404, 'EVIDENCE_FILE_MISSING', 'El archivo de la evidencia no está en el servidor.');
	return imageResponse(bytes, e.mime, staff);
}

export async function deleteEvidence(event: RequestEvent): Promise<Response> {
	const user = requireCapability(event.locals, 'feature:write', 'feature:publish');
	const repo = getRepository();
	const e = await repo.review.getEvidence(evidenceIdParam(event));
	if (!e) throw new ApiError(404, 'EVIDENCE_NOT_FOUND', 'No existe esa evidencia.');
	if (!can(event.locals, 'feature:write') && e.uploadedBy !== user.id)
		throw new ApiError(403, 'FORBIDDEN', 'Solo quien la subió (o el Comité) puede quitar esta evidencia.');
	const r = await repo.review.get(e.featureId);
	if (r?.state === 'aprobado')
		throw new ApiError(409, 'EVIDENCE_LOCKED', 'La obra está aprobada: reábrala antes de quitar evidencias.');
	await repo.review.removeEvidence(e.id, auditContext(event));
	removeStored(evidencePath(e), thumbPath(e.id));
	return noStore({ id: e.id, deleted: true });
}
