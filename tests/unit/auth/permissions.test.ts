import { describe, expect, it } from 'vitest';
import { can, homeFor, type Actor, type Role } from '../../../src/lib/auth/actor';

const user = (role: Role, unitIds: string[] = ['u1'], organId: string | null = null): Actor => ({ kind: 'user', id: 'p', username: 'p', name: 'P', role, unitIds, organId });
const device = (tokenKind: 'kiosk' | 'panel' | 'integration', unitId: string | null = 'u1'): Actor => ({ kind: 'device', id: 'd', name: 'D', tokenKind, unitId, scopes: [] });

describe('the one permission rule', () => {
	it('lets an admin do everything, anywhere', () => {
		expect(can(user('admin', []), 'admin')).toBe(true);
		expect(can(user('admin', []), 'counter:operate', { unitId: 'anywhere' })).toBe(true);
	});

	it('keeps a clerk inside their own units and out of administration', () => {
		expect(can(user('clerk'), 'counter:operate', { unitId: 'u1' })).toBe(true);
		expect(can(user('clerk'), 'counter:operate', { unitId: 'u2' })).toBe(false);
		expect(can(user('clerk'), 'stats:read', { unitId: 'u1' })).toBe(false);
		expect(can(user('clerk'), 'admin')).toBe(false);
	});

	it('lets a manager read stats and manage printers only in their units', () => {
		expect(can(user('manager'), 'stats:read', { unitId: 'u1' })).toBe(true);
		expect(can(user('manager'), 'printer:manage', { unitId: 'u2' })).toBe(false);
	});

	it('lets a kiosk token only issue tickets for its unit', () => {
		expect(can(device('kiosk'), 'ticket:issue', { unitId: 'u1' })).toBe(true);
		expect(can(device('kiosk'), 'ticket:issue', { unitId: 'u2' })).toBe(false);
		expect(can(device('kiosk'), 'queue:read', { unitId: 'u1' })).toBe(false);
		expect(can(device('kiosk'), 'counter:operate', { unitId: 'u1' })).toBe(false);
	});

	it("lets a panel token only read its unit's calls", () => {
		expect(can(device('panel'), 'calls:read', { unitId: 'u1' })).toBe(true);
		expect(can(device('panel'), 'calls:read', { unitId: 'u2' })).toBe(false);
		expect(can(device('panel'), 'ticket:issue', { unitId: 'u1' })).toBe(false);
	});

	it('scopes organ staff to their organ', () => {
		expect(can(user('organ_staff', [], 'o1'), 'protocol:update', { organId: 'o1' })).toBe(true);
		expect(can(user('organ_staff', [], 'o1'), 'protocol:update', { organId: 'o2' })).toBe(false);
		expect(can(user('organ_staff', [], 'o1'), 'counter:operate', { unitId: 'u1' })).toBe(false);
	});

	it('refuses nobody-in-particular everything', () => {
		expect(can({ kind: 'anonymous' }, 'calls:read', { unitId: 'u1' })).toBe(false);
	});

	it('sends each role to its own home', () => {
		expect(['admin', 'manager', 'clerk', 'agent', 'organ_staff'].map((r) => homeFor(r as Role))).toEqual(['/admin', '/manage', '/counter', '/counter', '/inbox']);
	});
});
