/**
 * An evidence image as the server sends it: never cached (it is personal
 * data), a file name of our own, and a policy under which the response can
 * be nothing but an image: no script, no style, no frame, a sandbox, and
 * only this origin may embed it.
 */
export const IMAGE_POLICY = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function imageResponse(image: { bytes: Uint8Array; type: string; fileName?: string }, disposition: 'inline' | 'attachment' = 'inline'): Response {
  return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'Content-Type': image.type,
      'Content-Length': String(image.bytes.byteLength),
      'Cache-Control': 'no-store',
      'Content-Disposition': image.fileName ? `${disposition}; filename="${image.fileName}"` : disposition,
      'Content-Security-Policy': IMAGE_POLICY,
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

