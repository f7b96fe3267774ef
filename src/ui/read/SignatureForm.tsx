import type { ReactNode } from 'react';

interface Props {
  /** who signs: "reader", "adjudicator" */
  role: string;
  signer: string;
  onSigner(name: string): void;
  meaning: string;
  meant: boolean;
  onMeant(meant: boolean): void;
  /** data-testid prefix: `${prefix}-name`, `${prefix}-meaning` */
  testIdPrefix: string;
  onSubmit(): void;
  /** what follows the name and the meaning: options, a note, the buttons */
  children: ReactNode;
}

/**
 * A signature (issue 15 §1, §3): the signer's own name typed and the meaning of the signature ticked,
 * the same for a read and an adjudication; the workflow checks both when it is submitted.
 */
export function SignatureForm({ role, signer, onSigner, meaning, meant, onMeant, testIdPrefix, onSubmit, children }: Props) {
  return (
    <SubmitForm onSubmit={onSubmit}>
      <label>
        Your name, as the {role}
        <input value={signer} onChange={(event) => onSigner(event.target.value)} autoComplete="off" data-testid={`${testIdPrefix}-name`} />
      </label>
      <label className="check">
        <input type="checkbox" checked={meant} onChange={(event) => onMeant(event.target.checked)} data-testid={`${testIdPrefix}-meaning`} />
        {meaning}
      </label>
      {children}
    </SubmitForm>
  );
}

/** A sign-off form: submitting runs the action instead of navigating; the checks are the workflow's, not the browser's. */
export function SubmitForm({ onSubmit, children }: { onSubmit(): void; children: ReactNode }) {
  return (
    <form
      className="sign-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
