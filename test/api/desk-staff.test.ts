/** GET /api/desk/staff: the pickers' list of the provider's people, for staff only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, openDesk } from '../helpers/desk-core.js';

describe('GET /api/desk/staff', () => {
  let d: Desk;
  beforeAll(async () => {
    d = await openDesk();
  });
  afterAll(async () => {
    await d.close();
  });

  it('lists the active staff by name and role, never company users', async () => {
    const res = await d.call('GET', '/api/desk/staff', d.s.agent);
    expect(res.statusCode).toBe(200);
    const staff = res.json().staff as { id: string; name: string; role: string }[];
    expect(staff.map((u) => u.role).sort()).toEqual(
      ['agent', 'analyst', 'engineer', 'expert', 'operator-admin'].sort(),
    );
    expect(staff.every((u) => Object.keys(u).sort().join() === 'id,name,role')).toBe(true);
    expect(staff.find((u) => u.role === 'engineer')?.id).toBe(d.ids.engineer);
  });

  it('narrows to one role', async () => {
    const res = await d.call('GET', '/api/desk/staff?role=engineer', d.s.analyst);
    expect(res.json().staff.map((u: { id: string }) => u.id)).toEqual([d.ids.engineer]);
  });

  it('refuses company users (403), anonymous callers (401) and an unknown role (400)', async () => {
    expect((await d.call('GET', '/api/desk/staff', d.s.alphaAdmin)).statusCode).toBe(403);
    expect((await d.call('GET', '/api/desk/staff', null)).statusCode).toBe(401);
    const bad = await d.call('GET', '/api/desk/staff?role=company-admin', d.s.agent);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role');
  });
});
