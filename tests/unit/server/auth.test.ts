import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/lib/server/auth/password';
import { decide, requirementFor } from '../../../src/lib/server/auth/policy';
import { roleCan } from '../../../src/lib/server/auth/roles';
import { RateLimiter } from '../../../src/lib/server/http/rate-limit';

describe('password hashing', () => {
	it('scrypt with a per-user salt; verifies; rejects wrong and malformed', async () => {
		const a = await hashPassword('una frase larga');
		const b = await hashPassword('una frase larga');
		expect(a).not.toBe(b);
		expect(a).toMatch(/^scrypt\$15\$8\$3\$/);
		expect(await verifyPassword('una frase larga', a)).toBe(true);
		expect(await verifyPassword('una frase larg', a)).toBe(false);
		expect(await verifyPassword('x', 'plain')).toBe(false);
		expect(await verifyPassword('x', 'scrypt$30$8$1$AAAA$BBBB')).toBe(false);
	});
});

describe('route policy', () => {
	it('anonymous may only read and sign in', () => {
		expect(decide(requirementFor('GET', '/api/collections/a/features'), 'publico')).toBe('allow');
		expect(decide(requirementFor('POST', '/api/collections/a/features'), 'publico')).toBe('unauthenticated');
		expect(decide(requirementFor('POST', '/api/session'), 'publico')).toBe('allow');
		expect(decide(requirementFor('POST', '/login'), 'publico')).toBe('allow');
		expect(decide(requirementFor('POST', '/somewhere/else'), 'publico')).toBe('unauthenticated');
		expect(decide(requirementFor('GET', '/admin'), 'publico')).toBe('unauthenticated');
		expect(decide(requirementFor('GET', '/admin/setup'), 'publico')).toBe('allow');
	});
	it('roles map to capabilities', () => {
		expect(roleCan('comite', 'feature:write')).toBe(true);
		expect(roleCan('comite', 'feature:publish')).toBe(false);
		expect(roleCan('revisor', 'feature:publish')).toBe(true);
		expect(roleCan('revisor', 'feature:write')).toBe(false);
		expect(decide(requirementFor('GET', '/api/users'), 'revisor')).toBe('forbidden');
		expect(decide(requirementFor('GET', '/api/users'), 'admin')).toBe('allow');
	});
});

describe('RateLimiter', () => {
	it('blocks after the limit within the window and resets after it', () => {
		const r = new RateLimiter(2, 1000);
		expect(r.hit('k', 0)).toBe(0);
		expect(r.hit('k', 10)).toBe(0);
		expect(r.blockedFor('k', 20)).toBe(1);
		expect(r.blockedFor('k', 1001)).toBe(0);
	});
});
