/**
 * File names and types of uploads. A name is only ever shown and offered back as a download name,
 * but it still must not carry a path, control characters or direction overrides that disguise
 * its extension ("invoice\u202Efdp.exe").
 */
const unsafeCharacters = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export const sanitiseFilename = (raw: string): string | undefined => {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(unsafeCharacters, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (cleaned.length === 0) return undefined;
  if (cleaned.length <= 255) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 255 - extension.length) + extension;
};

/** Decodes an X-Filename header: HTTP headers are Latin-1, so clients send UTF-8 names percent-encoded. */
export const filenameFromHeader = (header: string | string[] | undefined): string | undefined => {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
};

/**
 * Types kept as given. Anything else is stored as application/octet-stream. Every file is served
 * as a download in a sandbox, whatever its type, so the list guards only what browsers show.
 */
const allowedTypes = new Set([
  'application/pdf',
  'application/zip',
  'application/json',
  'application/xml',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/octet-stream',
  'message/rfc822',
  'text/plain',
  'text/csv',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/mpeg',
  'video/mp4',
]);

/** Signatures of the types a browser would render, checked so that a label cannot lie about them. */
const signatures: [type: string, bytes: number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
];

const startsWith = (data: Buffer, bytes: number[]) => bytes.every((byte, i) => data[i] === byte);

export const storedContentType = (declared: string | undefined, data: Buffer): string => {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!allowedTypes.has(type)) return 'application/octet-stream';
  const signature = signatures.find(([t]) => t === type);
  if (signature && !startsWith(data, signature[1])) return 'application/octet-stream';
  return type;
};

/** RFC 6266 / RFC 8187: an ASCII fallback and the exact name in UTF-8. */
export const contentDisposition = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
};
