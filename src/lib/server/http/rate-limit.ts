/**
 * In-memory fixed-window counters (one process; a multi-process deployment would need a shared store).
 * Used for login failures and for a coarse per-address cap on state-changing requests.
 */
export class RateLimiter {
	private hits = new Map<string, { n: number; resetAt: number }>();
	private lastSweep = 0;
	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	private entry(key: string, now: number) {
		if (now - this.lastSweep > this.windowMs) {
			for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
			this.lastSweep = now;
		}
		let e = this.hits.get(key);
		if (!e || e.resetAt <= now) {
			e = { n: 0, resetAt: now + this.windowMs };
			this.hits.set(key, e);
		}
		return e;
	}

	/** Seconds until allowed again, or 0 if `key` is under its limit now. */
	blockedFor(key: string, now = Date.now()): number {
		if (this.limit <= 0) return 0;
		const e = this.entry(key, now);
		return e.n >= this.limit ? Math.max(1, Math.ceil((e.resetAt - now) / 1000)) : 0;
	}

	/** Counts one hit; returns seconds to wait if this hit went over the limit, else 0. */
	hit(key: string, now = Date.now()): number {
		if (this.limit <= 0) return 0;
		const e = this.entry(key, now);
		e.n++;
		return e.n > this.limit ? Math.max(1, Math.ceil((e.resetAt - now) / 1000)) : 0;
	}

	reset(key: string): void {
		this.hits.delete(key);
	}
}

function num(v: string | undefined, d: number): number {
	const n = Number(v);
	return v !== undefined && v !== '' && Number.isFinite(n) && n >= 0 ? n : d;
}

const env = process.env;
/** Failed logins per (address, username) per 15 min: `YAKU_LOGIN_MAX_FAILURES` (default 5). */
export const loginFailuresByUser = new RateLimiter(num(env.YAKU_LOGIN_MAX_FAILURES, 5), 15 * 60_000);
/** Failed logins per address per 15 min: `YAKU_LOGIN_MAX_FAILURES_PER_IP` (default 30). */
export const loginFailuresByIp = new RateLimiter(num(env.YAKU_LOGIN_MAX_FAILURES_PER_IP, 30), 15 * 60_000);
/** State-changing requests per address per minute: `YAKU_RATE_LIMIT_MUTATIONS_PER_MIN` (default 1200; 0 = off). */
export const mutationsByIp = new RateLimiter(num(env.YAKU_RATE_LIMIT_MUTATIONS_PER_MIN, 1200), 60_000);
