/** Hands a file to the browser's downloads (nothing leaves the machine). */
export function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  // Revoke after the click has been handled, or some browsers download nothing.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file-name part from untrusted text (patient IDs, reader names). */
export const fileNamePart = (text: string): string => text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[._]+/, '').slice(0, 40) || 'unnamed';
