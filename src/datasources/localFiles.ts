import type { SourceFile } from '../state/studyModel';

/** Files picked with an <input type="file">, with or without `webkitdirectory`. */
export function filesFromFileList(list: FileList | readonly File[]): SourceFile[] {
  return Array.from(list).map((file) => ({ name: file.webkitRelativePath || file.name, blob: file }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function filesBelow(entry: FileSystemEntry): Promise<SourceFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ name: entry.fullPath.replace(/^\//, ''), blob: file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns at most ~100 entries a call; an empty batch means the folder is exhausted.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) children.push(...batch);
  return (await Promise.all(children.map(filesBelow))).flat();
}

/** Everything dropped: files and whole folders, recursively. */
export async function filesFromDataTransfer(transfer: DataTransfer): Promise<SourceFile[]> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry());
  if (entries.length > 0 && entries.every((entry) => entry !== null)) {
    return (await Promise.all(entries.map((entry) => filesBelow(entry!)))).flat();
  }
  return filesFromFileList(transfer.files);
}
