/**
 * Catalogued error codes of the device registry. Clients (API, CLI) get the code and
 * this safe message; nothing internal (SQL, stack) is ever attached to the message.
 */
export const DEVICE_ERROR_CODES = {
  'invalid-input': 'the input is not valid',
  'device-exists': 'a device with this id already exists',
  'device-not-found': 'no such device',
  'source-taken': 'this source already belongs to another device',
  'fingerprint-taken': 'this certificate fingerprint already belongs to another device',
  'unassigned-not-found': 'no unassigned source with this address',
} as const;

export type DeviceErrorCode = keyof typeof DEVICE_ERROR_CODES;

export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string = DEVICE_ERROR_CODES[code],
    /** The offending input field, for validation errors. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}
