/**
 * Case attachments on disk: DATA/attachments/<tenant>/<id>, written to a temporary name
 * and renamed once complete (a crash never leaves half a file under a real id), with the
 * SHA-256 taken while streaming. Only a short list of document and image types is taken,
 * decided by the file's extension (what a browser declares is only cross-checked), and
 * files are always served as downloads with `nosniff`, so nothing uploaded runs in the
 * portal's origin.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../api/errors.js';
import { ATTACHMENT_MAX_BYTES } from './model.js';

/** Extension → the type it is stored and served as. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Other names browsers and mail programs give the same types. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['image/jpg', 'image/pjpeg'],
  'image/bmp': ['image/x-bmp', 'image/x-ms-bmp'],
  'image/heic': ['image/heif'],
  'text/plain': ['text/x-log'],
  'text/csv': ['application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel'],
  'application/zip': ['application/x-zip-compressed', 'application/zip-compressed', 'application/x-zip'],
  'application/vnd.ms-outlook': ['application/x-msg', 'application/octet-stream'],
};
/** What a browser says when it does not know the type. */
const UNKNOWN = ['', 'application/octet-stream'];

/** The stored type of an upload, or null when it is not on the allow-list (415). */
export function attachmentType(fileName: string, declared: string): string | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const type = ATTACHMENT_TYPES[fileName.slice(dot + 1).toLowerCase()];
  if (!type) return null;
  const d = declared.split(';')[0].trim().toLowerCase();
  if (d === type || UNKNOWN.includes(d) || ALIASES[type]?.includes(d)) return type;
  return null;
}

/** The base name without directories or control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const cut = clean.length <= 200 ? clean : clean.slice(clean.length - 200);
  return cut === '' || cut === '.' || cut === '..' ? 'file' : cut;
}

export interface ReceivedFile {
  id: string;
  /** where it lies until accepted (same folder as its final name, so rename is atomic) */
  tempPath: string;
  finalPath: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  fields: Record<string, string>;
}

const tooLarge = () =>
  new ApiError(413, 'too-large', 'a file may be at most 10 MiB, all files of a case 50 MiB');

function isSizeError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT';
}

/**
 * Reads the one `file` part of a multipart request (and its text fields, before or after
 * it) into `<dir>/<tenant>/.<id>.part`. The caller decides, then calls `accept` or `discard`.
 */
export async function receiveAttachment(
  req: FastifyRequest,
  dir: string,
  tenant: string,
): Promise<ReceivedFile> {
  if (!req.isMultipart())
    throw new ApiError(415, 'unsupported-media-type', 'send the file as multipart/form-data (field "file")');
  const folder = join(dir, tenant);
  let got: ReceivedFile | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || got) {
        part.file.resume();
        throw new ApiError(400, 'invalid-input', 'file: send one file in the field "file"', 'file');
      }
      const fileName = cleanFileName(part.filename);
      const contentType = attachmentType(fileName, part.mimetype);
      if (!contentType) {
        part.file.resume();
        throw new ApiError(
          415,
          'unsupported-media-type',
          'only images, PDF, text, mail (.eml, .msg), ZIP and Office files may be attached',
        );
      }
      const id = randomUUID();
      await mkdir(folder, { recursive: true });
      const tempPath = join(folder, `.${id}.part`);
      got = { id, tempPath, finalPath: join(folder, id), fileName, contentType, size: 0, sha256: '', fields };
      got.sha256 = await store(part.file, tempPath, got);
      if (part.file.truncated || got.size > ATTACHMENT_MAX_BYTES) throw tooLarge();
    }
  } catch (e) {
    if (got) await unlink(got.tempPath).catch(() => undefined);
    if (isSizeError(e)) throw tooLarge();
    throw e;
  }
  if (!got) throw new ApiError(400, 'invalid-input', 'file: no file was sent', 'file');
  return got;
}

async function store(src: Readable, path: string, into: { size: number }): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  try {
    for await (const chunk of src) {
      const b = chunk as Buffer;
      hash.update(b);
      into.size += b.length;
      if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  } finally {
    out.end();
    await finished(out);
  }
  return hash.digest('hex');
}

export async function acceptAttachment(f: ReceivedFile): Promise<void> {
  await rename(f.tempPath, f.finalPath);
}

export async function discardAttachment(f: ReceivedFile): Promise<void> {
  await unlink(f.tempPath).catch(() => undefined);
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends a stored file as a download; a file missing on disk is 404. */
export async function sendAttachment(
  reply: FastifyReply,
  dir: string,
  a: { id: string; tenant: string; file_name: string; content_type: string },
): Promise<FastifyReply> {
  const path = join(dir, a.tenant, a.id);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ApiError(404, 'not-found', 'no such attachment');
  }
  return reply
    .header('content-type', a.content_type)
    .header('content-length', String(size))
    .header('content-disposition', contentDisposition(a.file_name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(createReadStream(path));
}
