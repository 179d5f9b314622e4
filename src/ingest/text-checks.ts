/** Control characters other than TAB / CR / LF, and DEL: a sign of binary data, not a text log record. */
export const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
