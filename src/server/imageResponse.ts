import { imagePolicy } from './securityHeaders.mjs';

/**
 * An evidence image as the server sends it: never cached (it is personal
 * data), a file name of our own, and a policy under which it can be nothing
 * but an image (securityHeaders.mjs).
 */

export function imageResponse(image: { bytes: Uint8Array; type: string; fileName?: string }, disposition: 'inline' | 'attachment' = 'inline'): Response {
  return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': image.type,
      'Content-Length': String(image.bytes.byteLength),
      'Cache-Control': 'no-store',
      'Content-Disposition': image.fileName ? `${disposition}; filename="${image.fileName}"` : disposition,
      'Content-Security-Policy': imagePolicy,
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
