// Content types from file names, for files the code interpreter made: the API's citations give a
// name only. Images the panel may show are raster formats only (never SVG: it can carry script).

const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  csv: 'text/csv', txt: 'text/plain', json: 'application/json', md: 'text/markdown', pdf: 'application/pdf',
};

export const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function mimeTypeOf(filename: string): string | undefined {
  return BY_EXTENSION[/\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? ''];
}
