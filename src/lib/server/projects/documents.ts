/**
 * Project documents (issue 7): PDF/JPEG/PNG files (content sniffed, size capped by the request body cap)
 * stored under $YAKU_DATA_DIR/uploads/documents/<id>.<ext>. Listing and download are for staff: documents
 * may name people (contracts, actas) and are not part of the public transparency view.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { join } from 'node:path';
import { auditContext } from '../audit/context';
import { requireCapability } from '../auth/handle';
import {
	cleanFilename,
	maxUploadBytes,
	readStored,
	removeStored,
	sha256,
	sniff,
	uploadsDir,
	writeFileDurable
} from '../evidence/files';
import { ApiError } from '../http/errors';
import { getRepository } from '../repo';
import { noStore } from '../review/http';
import type { ProjectDocument } from '../review/types';
import { projectParam } from './http';

const EXT: Record<ProjectDocument['mime'], string> = {
	'application/pdf': 'pdf',
	'image/jpeg': 'jpg',
	'image/png': 'png'
};
const docPath = (d: Pick<ProjectDocument, 'id' | 'mime'>) =>
	join(uploadsDir('documents'), `${d.id}.${EXT[d.mime]}`);

function docJson(d: ProjectDocument) {
	return { ...d, url: `/api/projects/${d.projectId}/documents/${d.id}` };
}

async function projectOr404(id: string) {
	const p = await getRepository().projects.get(id);
	if (!p) throw new ApiError(404, 'PROJECT_NOT_FOUND', 'No existe ese proyecto.');
	return p;
}

function docIdParam(event: RequestEvent): number {
	const raw = (event.params as Record<string, string>).docId ?? '';
	if (!/^[1-9]\d{0,15}$/.test(raw)) throw new ApiError(404, 'DOCUMENT_NOT_FOUND', 'No existe ese documento.');
	return Number(raw);
}

export async function listDocuments(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const id = projectParam(event);
	await projectOr404(id);
	return noStore({ documents: (await getRepository().review.listDocuments(id)).map(docJson) });
}

export async function uploadDocument(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'project:write');
	const id = projectParam(event);
	await projectOr404(id);
	if (!(event.request.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
		throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Se espera multipart/form-data con el archivo.');
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		throw new ApiError(400, 'INVALID_BODY', 'No se pudo leer el formulario enviado.');
	}
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0)
		throw new ApiError(400, 'DOCUMENT_FILE_MISSING', 'Falta el archivo (campo «file»).');
	const max = maxUploadBytes();
	if (file.size > max)
		throw new ApiError(413, 'DOCUMENT_TOO_LARGE', `El archivo pesa más de ${Math.floor(max / 1024)} KB.`, {
			maxBytes: max
		});
	const bytes = new Uint8Array(await file.arrayBuffer());
	const mime = sniff(bytes);
	if (!mime)
		throw new ApiError(415, 'DOCUMENT_TYPE', 'Solo se aceptan PDF, JPEG o PNG (se revisa el contenido).');
	const title = typeof form.get('title') === 'string' ? String(form.get('title')).trim().slice(0, 300) : '';
	const d = await getRepository().review.addDocument(
		{
			projectId: id,
			filename: cleanFilename(file.name, `documento.${EXT[mime]}`),
			mime,
			size: bytes.byteLength,
			sha256: sha256(bytes),
			title: title || null
		},
		(newId) => writeFileDurable(docPath({ id: newId, mime }), bytes),
		auditContext(event)
	);
	return noStore(docJson(d), 201, { location: `/api/projects/${id}/documents/${d.id}` });
}

async function docOr404(event: RequestEvent): Promise<ProjectDocument> {
	const id = projectParam(event);
	const d = await getRepository().review.getDocument(docIdParam(event));
	if (!d || d.projectId !== id) throw new ApiError(404, 'DOCUMENT_NOT_FOUND', 'No existe ese documento.');
	return d;
}

export async function downloadDocument(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'feature:read_all');
	const d = await docOr404(event);
	const bytes = readStored(docPath(d));
	if (!bytes) throw new ApiError(404, 'DOCUMENT_FILE_MISSING', 'El archivo no está en el servidor.');
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': d.mime,
			'content-length': String(bytes.byteLength),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(d.filename)}`,
			'cache-control': 'private, no-store',
			'content-security-policy': "default-src 'none'"
		}
	});
}

export async function deleteDocument(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'project:write');
	const d = await docOr404(event);
	await getRepository().review.removeDocument(d.id, auditContext(event));
	removeStored(docPath(d));
	return noStore({ id: d.id, deleted: true });
}
