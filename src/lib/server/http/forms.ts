import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { roleCan, type Capability } from '../auth/roles';
import type { SessionUser } from '../auth/session';

/** Page/form-action guard: throws SvelteKit errors (401/403) instead of JSON. */
export function requirePage(locals: App.Locals, cap: Capability): SessionUser {
	const u = locals.user;
	if (!u) error(401, { message: 'Inicie sesión para continuar.', code: 'UNAUTHENTICATED' });
	if (!roleCan(u.role, cap)) error(403, { message: 'Su rol no permite esta acción.', code: 'FORBIDDEN' });
	return u;
}

/** Only same-site relative paths are valid redirect targets after login (no open redirect). */
export function safeNext(next: string | null | undefined, dflt = '/'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return dflt;
	return next;
}

/** The one shape every form action failure has, so pages can read `form.code` / `form.message`. */
export interface FormFailure {
	code: string;
	message: string;
	fields: Record<string, string>;
	username?: string;
}

export function formFail(
	status: number,
	code: string,
	message: string,
	extra: Partial<Pick<FormFailure, 'fields' | 'username'>> = {}
): ActionFailure<FormFailure> {
	return fail(status, { code, message, fields: {}, ...extra });
}

/** Parses a form with a zod schema; on failure returns a `fail(400, …)` with field messages (no input echo). */
export function parseForm<T>(
	schema: z.ZodType<T>,
	data: Record<string, unknown>
): { ok: true; data: T } | { ok: false; failure: ActionFailure<FormFailure> } {
	const r = schema.safeParse(data);
	if (r.success) return { ok: true, data: r.data };
	const fields: Record<string, string> = {};
	for (const i of r.error.issues) fields[i.path.map(String).join('.') || '_'] ??= i.message;
	return {
		ok: false,
		failure: fail(400, {
			code: 'VALIDATION_ERROR',
			message: Object.values(fields)[0] ?? 'Datos inválidos.',
			fields
		})
	};
}

export function formObject(fd: FormData): Record<string, string> {
	const o: Record<string, string> = {};
	for (const [k, v] of fd) if (typeof v === 'string') o[k] = v;
	return o;
}
