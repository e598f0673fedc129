/** GET/PUT /api/settings/zee-compat. */
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { INTERVENTION_TYPES } from '../../geo/interventions/types';
import { ZEE_CATEGORIAS } from '../../geo/layerKinds';
import { auditContext } from '../audit/context';
import { requireCapability } from '../auth/handle';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';
import { CONFLICT_MESSAGE, expectedVersion } from '../http/features';
import { getRepository } from '../repo';
import type { Setting } from '../repo/types';
import { parseOr400 } from '../schemas/common';
import { refreshInterventionWarnings } from './refreshWarnings';
import {
	COMPAT_LEVELS,
	ZEE_COMPAT_DEFAULT,
	ZEE_COMPAT_KEY,
	zeeCompatValueSchema,
	type ZeeCompatValue
} from './zeeCompat';

function body(s: Setting<ZeeCompatValue>) {
	return { ...s, categorias: ZEE_CATEGORIAS, types: INTERVENTION_TYPES, levels: COMPAT_LEVELS };
}

export async function getZeeCompat(): Promise<Response> {
	const s = (await getRepository().settings.get<ZeeCompatValue>(ZEE_COMPAT_KEY)) ?? {
		key: ZEE_COMPAT_KEY,
		value: ZEE_COMPAT_DEFAULT,
		version: 0,
		updatedBy: null,
		updatedAt: ''
	};
	return json(body(s), { headers: { 'cache-control': 'no-store', etag: `"${s.version}"` } });
}

const putSchema = z.object({ value: z.unknown(), version: z.number().int().min(0).optional() }).strict();

export async function putZeeCompat(event: RequestEvent): Promise<Response> {
	requireCapability(event.locals, 'settings:write');
	const b = parseOr400(putSchema, await readJson(event.request));
	const value = zeeCompatValueSchema.safeParse(b.value);
	if (!value.success) {
		const issues = value.error.issues
			.slice(0, 10)
			.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
		throw new ApiError(
			422,
			'ZEE_COMPAT_INVALID',
			`Tabla de compatibilidad inválida: ${issues[0]?.path ?? ''}: ${issues[0]?.message ?? ''} (cada categoría × tipo debe ser compatible, restringido o incompatible).`,
			{ issues }
		);
	}
	const version = b.version ?? expectedVersion(event);
	const repo = getRepository();
	const ctx = auditContext(event);
	const r = await repo.settings.put(ZEE_COMPAT_KEY, value.data, version, ctx);
	if (!r.ok) {
		if (r.reason === 'not_found')
			throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: null });
		throw new ApiError(409, 'VERSION_CONFLICT', CONFLICT_MESSAGE, { current: body(r.current) });
	}
	// stored ZEE warnings of every intervention follow the new table (decision 112)
	const recomputed = await refreshInterventionWarnings(repo, {}, { cause: 'zee_compat' }, ctx);
	return json(
		{ ...body(r.value), warningsRefreshed: recomputed },
		{ headers: { 'cache-control': 'no-store', etag: `"${r.value.version}"` } }
	);
}
