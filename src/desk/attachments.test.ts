/** The attachment allow-list, file names and the download header. */
import { describe, expect, it } from 'vitest';
import { attachmentType, cleanFileName, contentDisposition } from './attachments.js';

describe('attachmentType', () => {
  it.each<[string, string, string | null]>([
    ['photo.JPG', 'image/jpeg', 'image/jpeg'],
    ['photo.jpeg', 'image/pjpeg', 'image/jpeg'],
    ['scan.pdf', 'application/pdf', 'application/pdf'],
    ['scan.pdf', '', 'application/pdf'],
    ['mail.eml', 'message/rfc822', 'message/rfc822'],
    ['mail.msg', 'application/octet-stream', 'application/vnd.ms-outlook'],
    ['logs.zip', 'application/x-zip-compressed', 'application/zip'],
    ['list.csv', 'application/vnd.ms-excel', 'text/csv'],
    ['memo.txt', 'text/plain; charset=Shift_JIS', 'text/plain'],
    [
      'deck.pptx',
      'application/octet-stream',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    // not on the list, or a declared type that contradicts the extension
    ['run.exe', 'application/octet-stream', null],
    ['page.html', 'text/html', null],
    ['page.htm', 'text/html', null],
    ['logo.svg', 'image/svg+xml', null],
    ['photo.png', 'text/html', null],
    ['scan.pdf', 'application/javascript', null],
    ['README', 'text/plain', null],
    ['archive.tar.gz', 'application/gzip', null],
  ])('%s declared %j → %j', (name, declared, type) => {
    expect(attachmentType(name, declared)).toBe(type);
  });
});

describe('cleanFileName', () => {
  it.each<[string, string]>([
    ['report.pdf', 'report.pdf'],
    ['C:\\Users\\taro\\report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\u001f.txt', 'ab.txt'],
    ['  spaced.txt  ', 'spaced.txt'],
    ['..', 'file'],
    ['', 'file'],
    [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(196)}.pdf`],
  ])('%j → %j', (raw, clean) => {
    expect(cleanFileName(raw)).toBe(clean);
  });
});

describe('contentDisposition', () => {
  it('keeps ASCII names and encodes others per RFC 5987', () => {
    expect(contentDisposition('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(contentDisposition('請求書 (1).pdf')).toBe(
      `attachment; filename="___ (1).pdf"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8%20%281%29.pdf`,
    );
    expect(contentDisposition('a"b\\c.txt')).toBe(
      `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
    );
  });
});
