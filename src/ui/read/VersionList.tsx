import { useEffect, useState } from 'react';
import type { ReadController } from '../../state/readController';
import type { ReadVersion } from '../../state/readStore';

interface Props {
  controller: ReadController;
  /** changes when a version may have been added */
  generation: number;
  busy: boolean;
  onRestore(version: ReadVersion): void;
}

/** "2026-11-22T16:40:12.345Z" → "2026-11-22 16:40:12" */
const shortDateTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** The states of this read that imports replaced, kept in this browser: each can be restored. */
export function VersionList({ controller, generation, busy, onRestore }: Props) {
  const [versions, setVersions] = useState<ReadVersion[]>([]);
  useEffect(() => {
    let live = true;
    void controller.versions().then((found) => live && setVersions(found));
    return () => {
      live = false;
    };
  }, [controller, generation]);
  if (versions.length === 0) return null;
  return (
    <details className="versions" data-testid="versions">
      <summary>Previous versions ({versions.length})</summary>
      <ul>
        {versions.map((version) => (
          <li key={version.id} data-testid="version">
            {shortDateTime(version.replacedAt)} UTC, before the {version.replacedBy}: {version.session.lesions.length} lesion{version.session.lesions.length === 1 ? '' : 's'}{' '}
            <button type="button" disabled={busy} onClick={() => onRestore(version)} data-testid="restore-version">
              Restore
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
