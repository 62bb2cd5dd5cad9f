import { secureHeaders } from 'hono/secure-headers';
import { isHttpsPublic } from './settings.js';

/**
 * The response headers of every answer, HTML, JSON and media alike: defence in depth should a value
 * ever reach the page as markup. The client is one bundle of same-origin scripts (vite.config.ts turns
 * off the module-preload polyfill, its only inline script), so no inline script is allowed.
 * Inline styles are: React, ECharts and Konva set element styles at run time. Images and audio may be
 * blob: or data: URLs (canvas exports, decoded waveforms); the API is same-origin only.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // HSTS pins browsers to https for months: sent only when the operator said people come over https.
    strictTransportSecurity: isHttpsPublic() ? 'max-age=15552000' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  });
}
