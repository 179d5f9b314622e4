/** Case priorities, in their own module so the portal can import them without the holiday tables of sla.ts. */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
