import { z } from 'zod';
import { ACCOUNT_ROLES } from '../auth/roles';

export const usernameSchema = z
	.string()
	.trim()
	.min(3, 'El usuario debe tener al menos 3 caracteres.')
	.max(64, 'El usuario puede tener como máximo 64 caracteres.')
	.regex(/^[a-zA-Z0-9._@-]+$/, 'El usuario solo admite letras sin tilde, números y . _ @ -');

export const displayNameSchema = z
	.string()
	.trim()
	.min(1, 'Escriba un nombre.')
	.max(200, 'El nombre puede tener como máximo 200 caracteres.')
	.refine(
		(s) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
		'El nombre contiene caracteres de control.'
	);

export const passwordSchema = z
	.string()
	.min(10, 'La contraseña debe tener al menos 10 caracteres.')
	.max(256, 'La contraseña puede tener como máximo 256 caracteres.');

export const roleSchema = z.enum(ACCOUNT_ROLES);

export const userCreateSchema = z.object({
	username: usernameSchema,
	displayName: displayNameSchema,
	role: roleSchema,
	/** Omit to generate a random one-time password (returned once, user must change it). */
	password: passwordSchema.optional()
});

export const userPatchSchema = z
	.object({
		displayName: displayNameSchema.optional(),
		role: roleSchema.optional(),
		disabled: z.boolean().optional(),
		/** Admin reset: sets this password and forces a change at next login. */
		password: passwordSchema.optional(),
		version: z.number().int().positive()
	})
	.strict();

export const loginSchema = z.object({
	username: z.string().trim().min(1, 'Escriba su usuario.').max(64),
	password: z.string().min(1, 'Escriba su contraseña.').max(256)
});

export const passwordChangeSchema = z
	.object({
		currentPassword: z.string().min(1, 'Escriba su contraseña actual.').max(256),
		newPassword: passwordSchema,
		confirmPassword: z.string().max(256).optional()
	})
	.refine((v) => v.confirmPassword === undefined || v.confirmPassword === v.newPassword, {
		message: 'Las contraseñas nuevas no coinciden.',
		path: ['confirmPassword']
	})
	.refine((v) => v.newPassword !== v.currentPassword, {
		message: 'La contraseña nueva debe ser distinta de la actual.',
		path: ['newPassword']
	});

export const setupSchema = z
	.object({
		token: z.string().min(1).max(200),
		username: usernameSchema,
		displayName: displayNameSchema,
		password: passwordSchema,
		confirmPassword: z.string().max(256)
	})
	.refine((v) => v.password === v.confirmPassword, {
		message: 'Las contraseñas no coinciden.',
		path: ['confirmPassword']
	});
