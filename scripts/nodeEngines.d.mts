export interface LockEntry {
  version?: string;
  engines?: { node?: string };
}
export const KNOWN_EXCEPTIONS: Record<string, { node: string; why: string }>;
export function satisfies(range: string, version: string): boolean;
export function rejectingPackages(lockPackages: Record<string, LockEntry>, version: string): { id: string; node: string }[];
export function explainEngineWarnings(lockPackages: Record<string, LockEntry>, version: string): string[];
