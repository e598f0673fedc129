import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with node:crypto scrypt (memory-hard), a per-user 16-byte salt and parameters stored in
 * the hash so they can be raised later: `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>`.
 * N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt minimums (32 MiB per hash), ~190 ms on this
 * 2-core machine. See docs/decisions/021-password-hashing.md.
 */
const LOG_N = 15;
const R = 8;
const P = 3;
const KEYLEN = 32;

function scryptAsync(pw: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(pw.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

function opts(logN: number, r: number, p: number): ScryptOptions {
	const N = 2 ** logN;
	return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scryptAsync(password, salt, KEYLEN, opts(LOG_N, R, P));
	return ['scrypt', LOG_N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time verification. Unknown formats verify as false. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
	if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
	const salt = Buffer.from(parts[4] ?? '', 'base64');
	const expected = Buffer.from(parts[5] ?? '', 'base64');
	if (salt.length < 8 || expected.length < 16) return false;
	const key = await scryptAsync(password, salt, expected.length, opts(logN, r, p));
	return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | null = null;
/** Burn the same time as a real verification when the user does not exist (no username oracle). */
export async function verifyDummy(password: string): Promise<false> {
	dummy ??= hashPassword('yaku-dummy-password-for-timing');
	await verifyPassword(password, await dummy);
	return false;
}

export function needsRehash(stored: string): boolean {
	const parts = stored.split('$');
	return parts[0] !== 'scrypt' || Number(parts[1]) < LOG_N || Number(parts[2]) < R || Number(parts[3]) < P;
}

/** A random password for CLI-created accounts (printed once). */
export function randomPassword(): string {
	return randomBytes(15).toString('base64url');
}
