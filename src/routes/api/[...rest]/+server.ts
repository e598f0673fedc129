import { jsonError } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** Unknown API paths answer JSON `{code, message}` like every other API error. */
const notFound: RequestHandler = () => jsonError(404, 'NOT_FOUND', 'Ruta de la API inexistente.');
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
