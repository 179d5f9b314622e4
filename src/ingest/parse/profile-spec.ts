/** A device profile in a form that crosses thread and process boundaries. */
import { DEFAULT_TZ } from '../../core/time.js';
import { type ClassifyContext, defaultClassifyContext } from '../classify/index.js';
import { NetworkSet } from '../classify/networks.js';
import type { DeviceProfile } from '../record.js';

export interface ProfileSpec {
  tenant: string;
  device: string | null;
  tz?: string;
  format?: string | null;
  /** Internal networks (CIDR); absent = the defaults. */
  internal?: readonly string[] | null;
}

const cache = new Map<string, DeviceProfile>();

export function profileFromSpec(spec: ProfileSpec): DeviceProfile {
  const key = JSON.stringify([spec.tenant, spec.device, spec.tz, spec.format, spec.internal]);
  let p = cache.get(key);
  if (!p) {
    const classify: ClassifyContext = spec.internal?.length
      ? { ...defaultClassifyContext(), internal: NetworkSet.parse(spec.internal) }
      : defaultClassifyContext();
    p = {
      tenant: spec.tenant,
      device: spec.device,
      tz: spec.tz ?? DEFAULT_TZ,
      format: spec.format && spec.format !== 'auto' ? spec.format : null,
      classify,
    };
    if (cache.size > 10_000) cache.clear();
    cache.set(key, p);
  }
  return p;
}
