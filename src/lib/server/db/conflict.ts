import { VezError, type ErrorCode } from '$lib/errors';

/**
 * Runs a write and turns a unique-index violation (SQLSTATE 23505, raised by both engines) into a
 * 409 naming the field: the check before the insert gives the clear message, this covers the
 * race where two admins save the same name at once.
 */
export async function conflictOnDuplicate<T>(fn: () => Promise<T>, fieldsByConstraint: Record<string, string>, code: ErrorCode = 'conflict'): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e && typeof e === 'object' && 'code' in e && e.code === '23505') {
			const constraint = 'constraint' in e && typeof e.constraint === 'string' ? e.constraint : '';
			const field = fieldsByConstraint[constraint] ?? '_';
			throw new VezError(code, 'Another record already uses this value.', { [field]: 'taken' });
		}
		throw e;
	}
}

/** The 409 a use case throws when its own check finds the value taken. */
export function taken(field: string, message: string): VezError {
	return new VezError('conflict', message, { [field]: 'taken' });
}
