// The panel's HTML page and its Content Security Policy (A1), as plain strings: the host fills in
// its nonce and webview URIs; the webview tests load the very same page in Chromium.

export interface PanelPage {
  /** A fresh per-render nonce from `crypto` (never Math.random). */
  readonly nonce: string;
  /** `webview.cspSource`: where the page's own style sheet, fonts and images may come from. */
  readonly cspSource: string;
  readonly styleUri: string;
  readonly scriptUri: string;
  readonly title: string;
}

/** `default-src 'none'`; scripts only by nonce (no `unsafe-eval`, no `unsafe-inline`); styles, fonts and images only from the extension; no form posts, no `<base>`. */
export function panelCsp(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    // blob: only for images the panel makes itself from bytes the host downloaded through the API
    // (code interpreter output, F10); nothing in an answer can create one.
    `img-src ${cspSource} blob:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // Not covered by default-src: a form in an answer could post what it holds, a <base> could
    // re-point the page's relative URLs.
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(p: PanelPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(p.nonce, p.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${attr(p.title)}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
